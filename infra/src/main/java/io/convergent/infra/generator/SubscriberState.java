package io.convergent.infra.generator;

/**
 * What changes about each subscriber as the days go by: mobile balance, the SIM and handset in use,
 * the bank device, a top-up owed from the day before. Arrays indexed by subscriber; during the
 * planning of a day each subscriber's slots are written only by the task that plans that
 * subscriber, and events are materialised only after the planning is done, so no locking is needed.
 *
 * <p>A day holds at most one SIM change and one bank-device change per subscriber: the time of the
 * change tells events before it from events after.
 */
final class SubscriberState {

    private final SyntheticNumbers numbers;
    private final long[] balance;
    private final int[] simGeneration;
    private final long[] simChangedAt;
    private final String[] imsi;
    private final String[] previousImsi;
    private final int[] handsetGeneration;
    private final int[] deviceGeneration;
    private final long[] deviceChangedAt;
    private final String[] deviceId;
    private final String[] previousDeviceId;
    private final boolean[] topUpOwed;

    SubscriberState(Population population) {
        int size = population.size();
        this.numbers = population.numbers();
        this.balance = new long[size];
        this.simGeneration = new int[size];
        this.simChangedAt = new long[size];
        this.imsi = new String[size];
        this.previousImsi = new String[size];
        this.handsetGeneration = new int[size];
        this.deviceGeneration = new int[size];
        this.deviceChangedAt = new long[size];
        this.deviceId = new String[size];
        this.previousDeviceId = new String[size];
        this.topUpOwed = new boolean[size];
        for (int i = 0; i < size; i++) {
            balance[i] = population.subscriber(i).initialBalanceMinor;
            simChangedAt[i] = Long.MIN_VALUE;
            imsi[i] = numbers.imsi(i, 0);
            previousImsi[i] = imsi[i];
            deviceChangedAt[i] = Long.MIN_VALUE;
            if (population.subscriber(i).banksWithUs()) {
                deviceId[i] = numbers.deviceId(i, 0);
                previousDeviceId[i] = deviceId[i];
            }
        }
    }

    long balance(int i) {
        return balance[i];
    }

    void setBalance(int i, long value) {
        balance[i] = value;
    }

    boolean topUpOwed(int i) {
        return topUpOwed[i];
    }

    void setTopUpOwed(int i, boolean owed) {
        topUpOwed[i] = owed;
    }

    /** The IMSI behind the subscriber's number at {@code time}. */
    String imsiAt(int i, long time) {
        return time >= simChangedAt[i] ? imsi[i] : previousImsi[i];
    }

    String currentImsi(int i) {
        return imsi[i];
    }

    /** Puts a new SIM behind the number at {@code time}; returns its IMSI. */
    String swapSim(int i, long time) {
        simGeneration[i]++;
        previousImsi[i] = imsi[i];
        imsi[i] = numbers.imsi(i, simGeneration[i]);
        simChangedAt[i] = time;
        return imsi[i];
    }

    String currentImei(int i) {
        return numbers.imei(i, handsetGeneration[i]);
    }

    /** The subscriber moves to a new handset of their own; returns its IMEI. */
    String changeHandset(int i) {
        handsetGeneration[i]++;
        return currentImei(i);
    }

    /** The bank device the customer uses at {@code time}. */
    String deviceAt(int i, long time) {
        return time >= deviceChangedAt[i] ? deviceId[i] : previousDeviceId[i];
    }

    /** The customer starts using a new device at {@code time}; returns its id. */
    String changeDevice(int i, long time) {
        deviceGeneration[i]++;
        previousDeviceId[i] = deviceId[i];
        deviceId[i] = numbers.deviceId(i, deviceGeneration[i]);
        deviceChangedAt[i] = time;
        return deviceId[i];
    }
}
