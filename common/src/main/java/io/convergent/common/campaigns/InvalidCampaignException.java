package io.convergent.common.campaigns;

/** A campaign definition refused, with the source and the field at fault in the message. */
public final class InvalidCampaignException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidCampaignException(String message) {
        super(message);
    }
}
