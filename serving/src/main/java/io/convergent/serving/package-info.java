/**
 * Serving layer: loads batch view versions into RocksDB, follows the speed view from Kafka, merges
 * both and answers the HTTP API. It has no Flink on its classpath.
 */
package io.convergent.serving;
