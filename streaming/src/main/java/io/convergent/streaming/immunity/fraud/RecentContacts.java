package io.convergent.streaming.immunity.fraud;

/**
 * The last few numbers a subscriber called or was called by, as hashes of their pseudonyms: the
 * contact memory as builds before {@link ContactLog} checkpointed it, read and rewritten on every
 * call. {@link ContactMarker} still consults it, never writes it, until its entries expire; its
 * fields and name are that state's serialised form, so they stay as they are. A Flink POJO.
 */
public final class RecentContacts {

    static final int SIZE = 32;

    public int[] hashes = new int[SIZE];
    public int count;
    public int next;

    public RecentContacts() {}

    public boolean contains(String pseudonym) {
        int hash = pseudonym.hashCode();
        for (int i = 0; i < count; i++) {
            if (hashes[i] == hash) {
                return true;
            }
        }
        return false;
    }

    /** Remembers {@code pseudonym}, forgetting the oldest contact when full. */
    public void add(String pseudonym) {
        if (contains(pseudonym)) {
            return;
        }
        hashes[next] = pseudonym.hashCode();
        next = (next + 1) % SIZE;
        count = Math.min(count + 1, SIZE);
    }
}
