"""Writes for payments, one module per job: `recompute` (stored statuses; its `recompute_read`, `recompute_evaluate`
and `recompute_write` steps), `registers` (importing payment registers and category registries),
`category_requests` (citizens' requests for a preferential category) and `lapse_warnings`."""
