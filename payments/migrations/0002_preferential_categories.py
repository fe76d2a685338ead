"""The preferential categories the state pays for (rules section 6; seeds 000-003).

Kazakh names follow seed 002's list; fund staff may edit names and budgets in the admin.
"""

from django.db import migrations

# code, budget, kk, ru, en
CATEGORIES = [
    ("child", "republic", "18 жасқа дейінгі балалар", "Дети до 18 лет", "Children under 18"),
    (
        "pregnant",
        "republic",
        "Жұмыс істемейтін жүкті әйелдер",
        "Неработающие беременные женщины",
        "Non-working pregnant women",
    ),
    (
        "parent_child_under_3",
        "republic",
        "Бала үш жасқа толғанға дейін оны тәрбиелеп отырған жұмыс істемейтін адамдар",
        "Неработающие лица, воспитывающие ребёнка до трёх лет",
        "Non-working people raising a child under 3",
    ),
    (
        "childcare_leave",
        "republic",
        "Жүктілікке және босануға, баланы асырап алуға, баланы үш жасқа толғанға дейін күтуге байланысты демалыстағы адамдар",
        "Лица в отпуске по беременности и родам, усыновлению, уходу за ребёнком до трёх лет",
        "People on maternity, adoption or child-care leave (child under 3)",
    ),
    (
        "mother_many_children",
        "republic",
        "«Алтын алқа», «Күміс алқа» алқаларымен, «Батыр Ана» атағымен, I және II дәрежелі «Ана даңқы» ордендерімен наградталған көп балалы аналар",
        "Многодетные матери, награждённые подвесками «Алтын алқа», «Күміс алқа», званием «Батыр Ана», орденами «Ана даңқы» I и II степени",
        "Mothers of many children awarded Altyn alqa, Kümis alqa, Batyr ana or Ana dańqy I/II",
    ),
    (
        "carer_disabled_child",
        "republic",
        "Мүгедектігі бар балаға күтім жасайтын жұмыс істемейтін тұлғалар",
        "Неработающие лица, осуществляющие уход за ребёнком с инвалидностью",
        "Non-working carers of a child with a disability",
    ),
    (
        "carer_disabled_since_childhood",
        "republic",
        "Бала кезінен мүгедектігі барларға күтім жасаушылар",
        "Лица, осуществляющие уход за лицами с инвалидностью с детства",
        "Carers of people disabled since childhood",
    ),
    (
        "carer_group1",
        "republic",
        "I топтағы мүгедектігі бар адамға күтім жасайтын жұмыс істемейтін тұлғалар",
        "Неработающие лица, осуществляющие уход за лицом с инвалидностью I группы",
        "Non-working carers of a person with group I disability",
    ),
    ("disabled", "republic", "Мүгедектігі бар адамдар", "Лица с инвалидностью", "People with disabilities"),
    (
        "pensioner",
        "republic",
        "Зейнеткерлер мен ҰОС ардагерлері",
        "Пенсионеры и ветераны ВОВ",
        "Pensioners and Great Patriotic War veterans",
    ),
    (
        "student",
        "republic",
        "Күндізгі оқу нысанында білім алатын адамдар (техникалық және кәсіптік, орта білімнен кейінгі, жоғары және жоғары оқу орнынан кейінгі білім)",
        "Обучающиеся по очной форме (техническое и профессиональное, послесреднее, высшее и послевузовское образование)",
        "Full-time students (technical and vocational, post-secondary, higher and postgraduate)",
    ),
    (
        "unemployed",
        "local",
        "Жұмыссыз ретінде тіркелген тұлғалар",
        "Лица, зарегистрированные в качестве безработных",
        "Registered unemployed",
    ),
    (
        "targeted_assistance",
        "republic",
        "Жұмыс істемейтін мемлекеттік атаулы әлеуметтік көмек алушылар",
        "Неработающие получатели государственной адресной социальной помощи",
        "Non-working recipients of targeted social assistance",
    ),
    ("kandas", "republic", "Жұмыс істемейтін қандастар", "Неработающие кандасы", "Non-working kandas"),
    (
        "prisoner",
        "republic",
        "Жазасын өтеп жүрген адамдар (қауіпсіздігі барынша төмен мекемелерді қоспағанда)",
        "Лица, отбывающие наказание (кроме учреждений минимальной безопасности)",
        "People serving sentences (except minimum-security institutions)",
    ),
    (
        "detained",
        "republic",
        "Тергеу изоляторларындағы немесе үй қамауындағы жұмыс істемейтін адамдар",
        "Неработающие лица в следственных изоляторах или под домашним арестом",
        "Non-working people in pre-trial detention or under house arrest",
    ),
    (
        "welfare_de",
        "local",
        "Әл-ауқат деңгейі D және E (дағдарыстық, төтенше) адамдар",
        "Лица с уровнем благосостояния D и E (кризисный, экстренный)",
        "People at welfare levels D and E (crisis, emergency)",
    ),
]


def load(apps, schema_editor):
    Category = apps.get_model("payments", "PreferentialCategory")
    for code, budget, kk, ru, en in CATEGORIES:
        Category.objects.update_or_create(
            code=code, defaults={"budget": budget, "name": kk, "name_kk": kk, "name_ru": ru, "name_en": en}
        )


def unload(apps, schema_editor):
    apps.get_model("payments", "PreferentialCategory").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
