package io.convergent.common.topic;

/** What a topic is for in the public contract. */
public enum TopicRole {
    /** Raw events from the operator's and the bank's systems, keyed by the entity they concern. */
    INPUT,
    /** Derived records the platform writes for its consumers. */
    OUTPUT,
    /** Compacted configuration streams (rules, campaigns) that jobs follow at runtime. */
    CONTROL
}
