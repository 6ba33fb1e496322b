package io.convergent.common.event;

/** How a call or SMS reached our network: the evidence for spoofing checks. */
public enum Ingress {
    ON_NET,
    INTERCONNECT,
    INTERNATIONAL
}
