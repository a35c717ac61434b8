/**
 * Schema 6: results.bottleneck_layer, the layer that bounds a run's latency (summary.bottleneckLayer;
 * the catalog's "Bottleneck" in cim-model.md section 7), listed beside the summary figures. Null for
 * runs stored before it was measured and for networks without MVM layers.
 * Shipped: never edit this file; change the schema in a new numbered migration.
 */
export const sql = `ALTER TABLE results ADD COLUMN bottleneck_layer TEXT;`
