/**
 * Speed layer: Flink DataStream jobs over the input topics (ingest to Iceberg, Digital Immunity,
 * real-time feature tiles, campaign triggers). Jobs take their sources and sinks so tests can run
 * them on a real broker or on bounded collections; the logic they apply lives in {@code common}.
 */
package io.convergent.streaming;
