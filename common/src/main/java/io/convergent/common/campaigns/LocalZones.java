package io.convergent.common.campaigns;

import java.time.ZoneId;
import java.util.Map;

/**
 * Where a subscriber's local time comes from: the country of the network they are roaming in (by
 * its MCC), else their home region (the federal-subject code in our cell identifiers, {@code
 * 25062-77-1234}), else a default. Russia spans eleven time zones, so "after 21:00" in Moscow is
 * past midnight in Vladivostok.
 */
public final class LocalZones {

    /** The MCC of our own network's country: a cell of it names a home region. */
    private static final int HOME_MCC = 250;

    /** Federal-subject codes (as on vehicle plates and in our cell ids) and their zones. */
    private static final Map<Integer, ZoneId> BY_REGION =
            Map.ofEntries(
                    Map.entry(2, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(3, ZoneId.of("Asia/Irkutsk")),
                    Map.entry(14, ZoneId.of("Asia/Yakutsk")),
                    Map.entry(18, ZoneId.of("Europe/Samara")),
                    Map.entry(22, ZoneId.of("Asia/Barnaul")),
                    Map.entry(24, ZoneId.of("Asia/Krasnoyarsk")),
                    Map.entry(25, ZoneId.of("Asia/Vladivostok")),
                    Map.entry(27, ZoneId.of("Asia/Vladivostok")),
                    Map.entry(38, ZoneId.of("Asia/Irkutsk")),
                    Map.entry(39, ZoneId.of("Europe/Kaliningrad")),
                    Map.entry(41, ZoneId.of("Asia/Kamchatka")),
                    Map.entry(42, ZoneId.of("Asia/Novokuznetsk")),
                    Map.entry(49, ZoneId.of("Asia/Magadan")),
                    Map.entry(54, ZoneId.of("Asia/Novosibirsk")),
                    Map.entry(55, ZoneId.of("Asia/Omsk")),
                    Map.entry(59, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(63, ZoneId.of("Europe/Samara")),
                    Map.entry(64, ZoneId.of("Europe/Saratov")),
                    Map.entry(65, ZoneId.of("Asia/Sakhalin")),
                    Map.entry(66, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(70, ZoneId.of("Asia/Tomsk")),
                    Map.entry(72, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(74, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(75, ZoneId.of("Asia/Chita")),
                    Map.entry(86, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(87, ZoneId.of("Asia/Anadyr")));

    /** Countries our subscribers roam in (the numbering plan's), by MCC. */
    private static final Map<Integer, ZoneId> BY_MCC =
            Map.ofEntries(
                    Map.entry(208, ZoneId.of("Europe/Paris")),
                    Map.entry(214, ZoneId.of("Europe/Madrid")),
                    Map.entry(222, ZoneId.of("Europe/Rome")),
                    Map.entry(234, ZoneId.of("Europe/London")),
                    Map.entry(255, ZoneId.of("Europe/Kyiv")),
                    Map.entry(257, ZoneId.of("Europe/Minsk")),
                    Map.entry(262, ZoneId.of("Europe/Berlin")),
                    Map.entry(282, ZoneId.of("Asia/Tbilisi")),
                    Map.entry(283, ZoneId.of("Asia/Yerevan")),
                    Map.entry(286, ZoneId.of("Europe/Istanbul")),
                    Map.entry(310, ZoneId.of("America/New_York")),
                    Map.entry(401, ZoneId.of("Asia/Almaty")),
                    Map.entry(424, ZoneId.of("Asia/Dubai")),
                    Map.entry(434, ZoneId.of("Asia/Tashkent")),
                    Map.entry(460, ZoneId.of("Asia/Shanghai")),
                    Map.entry(520, ZoneId.of("Asia/Bangkok")),
                    Map.entry(602, ZoneId.of("Africa/Cairo")));

    private LocalZones() {}

    /**
     * The zone a subscriber lives by now.
     *
     * @param homeRegion the region of the last home cell seen, or {@code null}
     * @param roamingMcc the visited country's MCC while abroad, or {@code null} at home
     * @param fallback the zone of a subscriber nothing is known of (and of unknown places)
     */
    public static ZoneId of(Integer homeRegion, Integer roamingMcc, ZoneId fallback) {
        if (roamingMcc != null) {
            ZoneId abroad = BY_MCC.get(roamingMcc);
            if (abroad != null) {
                return abroad;
            }
        }
        if (homeRegion != null) {
            // Most regions, Moscow and St Petersburg among them, keep Moscow time.
            return BY_REGION.getOrDefault(homeRegion, ZoneId.of("Europe/Moscow"));
        }
        return fallback;
    }

    /**
     * The home region a cell identifier names ({@code MCCMNC-region-cell}), or {@code null} for a
     * foreign cell or one of another shape.
     */
    public static Integer regionOfCell(String cellId) {
        if (cellId == null) {
            return null;
        }
        int first = cellId.indexOf('-');
        int second = first < 0 ? -1 : cellId.indexOf('-', first + 1);
        if (first < 3 || second < 0) {
            return null;
        }
        try {
            if (Integer.parseInt(cellId.substring(0, 3)) != HOME_MCC) {
                return null;
            }
            int region = Integer.parseInt(cellId.substring(first + 1, second));
            return region > 0 && region < 100 ? region : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
