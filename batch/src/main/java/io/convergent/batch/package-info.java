/**
 * Batch layer: Flink jobs in BATCH mode over the Iceberg master dataset (daily feature tiles,
 * caller reputation, model training and scoring, batch view publication). Re-running a day
 * overwrites it.
 */
package io.convergent.batch;
