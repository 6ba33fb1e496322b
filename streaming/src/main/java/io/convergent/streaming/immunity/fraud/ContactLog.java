package io.convergent.streaming.immunity.fraud;

import java.util.ArrayList;
import java.util.List;

/**
 * A subscriber's contacts as an append-only log of hashes of their pseudonyms, oldest first, and
 * what the contact memory makes of it: the last {@code size} distinct numbers the subscriber called
 * or was called by. Appending needs no read of what is there (a RocksDB merge), which is why the
 * memory is a log rather than a set rewritten on every call.
 */
public final class ContactLog {

    private ContactLog() {}

    /** The hash a contact is remembered by. */
    public static int hashOf(String pseudonym) {
        return pseudonym.hashCode();
    }

    /**
     * The last {@code size} distinct contacts in {@code log} (oldest first; a contact's place is
     * its latest appearance). Null or empty logs remember nobody.
     */
    public static int[] lastDistinct(Iterable<Integer> log, int size) {
        if (log == null) {
            return new int[0];
        }
        List<Integer> entries = new ArrayList<>();
        log.forEach(entries::add);
        int[] newestFirst = new int[Math.min(size, entries.size())];
        int kept = 0;
        for (int i = entries.size() - 1; i >= 0 && kept < newestFirst.length; i--) {
            int contact = entries.get(i);
            if (!contains(newestFirst, kept, contact)) {
                newestFirst[kept++] = contact;
            }
        }
        int[] oldestFirst = new int[kept];
        for (int i = 0; i < kept; i++) {
            oldestFirst[i] = newestFirst[kept - 1 - i];
        }
        return oldestFirst;
    }

    public static boolean contains(int[] contacts, int contact) {
        return contains(contacts, contacts.length, contact);
    }

    /**
     * {@code remembered} with {@code contact} moved or added to its end, the oldest dropped beyond
     * {@code size}: the log rewritten to what it means, after a contact.
     */
    public static List<Integer> withLatest(int[] remembered, int contact, int size) {
        List<Integer> log = new ArrayList<>(size);
        for (int each : remembered) {
            if (each != contact) {
                log.add(each);
            }
        }
        log.add(contact);
        return log.size() > size
                ? new ArrayList<>(log.subList(log.size() - size, log.size()))
                : log;
    }

    private static boolean contains(int[] contacts, int length, int contact) {
        for (int i = 0; i < length; i++) {
            if (contacts[i] == contact) {
                return true;
            }
        }
        return false;
    }
}
