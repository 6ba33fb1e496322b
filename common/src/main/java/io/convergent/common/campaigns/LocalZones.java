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
                    Map.entry(4, ZoneId.of("Asia/Barnaul")),
                    Map.entry(17, ZoneId.of("Asia/Krasnoyarsk")),
                    Map.entry(19, ZoneId.of("Asia/Krasnoyarsk")),
                    Map.entry(28, ZoneId.of("Asia/Yakutsk")),
                    Map.entry(30, ZoneId.of("Europe/Astrakhan")),
                    Map.entry(45, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(56, ZoneId.of("Asia/Yekaterinburg")),
                    Map.entry(73, ZoneId.of("Europe/Ulyanovsk")),
                    Map.entry(79, ZoneId.of("Asia/Vladivostok")),
                    Map.entry(89, ZoneId.of("Asia/Yekaterinburg")),
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

    /**
     * Countries our subscribers roam in, by MCC: the numbering plan's and where travellers from
     * Russia go. A country of several zones has its most visited one (New York for the United
     * States, Sydney for Australia, Bali's for Indonesia). A country missing here falls back to the
     * home zone, so one more row is all a new destination needs.
     */
    private static final Map<Integer, ZoneId> BY_MCC =
            Map.ofEntries(
                    Map.entry(202, ZoneId.of("Europe/Athens")),
                    Map.entry(204, ZoneId.of("Europe/Amsterdam")),
                    Map.entry(206, ZoneId.of("Europe/Brussels")),
                    Map.entry(216, ZoneId.of("Europe/Budapest")),
                    Map.entry(218, ZoneId.of("Europe/Sarajevo")),
                    Map.entry(219, ZoneId.of("Europe/Zagreb")),
                    Map.entry(220, ZoneId.of("Europe/Belgrade")),
                    Map.entry(226, ZoneId.of("Europe/Bucharest")),
                    Map.entry(228, ZoneId.of("Europe/Zurich")),
                    Map.entry(230, ZoneId.of("Europe/Prague")),
                    Map.entry(231, ZoneId.of("Europe/Bratislava")),
                    Map.entry(232, ZoneId.of("Europe/Vienna")),
                    Map.entry(238, ZoneId.of("Europe/Copenhagen")),
                    Map.entry(240, ZoneId.of("Europe/Stockholm")),
                    Map.entry(242, ZoneId.of("Europe/Oslo")),
                    Map.entry(244, ZoneId.of("Europe/Helsinki")),
                    Map.entry(246, ZoneId.of("Europe/Vilnius")),
                    Map.entry(247, ZoneId.of("Europe/Riga")),
                    Map.entry(248, ZoneId.of("Europe/Tallinn")),
                    Map.entry(259, ZoneId.of("Europe/Chisinau")),
                    Map.entry(260, ZoneId.of("Europe/Warsaw")),
                    Map.entry(268, ZoneId.of("Europe/Lisbon")),
                    Map.entry(272, ZoneId.of("Europe/Dublin")),
                    Map.entry(276, ZoneId.of("Europe/Tirane")),
                    Map.entry(278, ZoneId.of("Europe/Malta")),
                    Map.entry(280, ZoneId.of("Asia/Nicosia")),
                    Map.entry(284, ZoneId.of("Europe/Sofia")),
                    Map.entry(293, ZoneId.of("Europe/Ljubljana")),
                    Map.entry(294, ZoneId.of("Europe/Skopje")),
                    Map.entry(297, ZoneId.of("Europe/Podgorica")),
                    Map.entry(302, ZoneId.of("America/Toronto")),
                    Map.entry(311, ZoneId.of("America/New_York")),
                    Map.entry(312, ZoneId.of("America/New_York")),
                    Map.entry(313, ZoneId.of("America/New_York")),
                    Map.entry(314, ZoneId.of("America/New_York")),
                    Map.entry(315, ZoneId.of("America/New_York")),
                    Map.entry(316, ZoneId.of("America/New_York")),
                    Map.entry(334, ZoneId.of("America/Mexico_City")),
                    Map.entry(368, ZoneId.of("America/Havana")),
                    Map.entry(370, ZoneId.of("America/Santo_Domingo")),
                    Map.entry(400, ZoneId.of("Asia/Baku")),
                    Map.entry(404, ZoneId.of("Asia/Kolkata")),
                    Map.entry(405, ZoneId.of("Asia/Kolkata")),
                    Map.entry(413, ZoneId.of("Asia/Colombo")),
                    Map.entry(416, ZoneId.of("Asia/Amman")),
                    Map.entry(419, ZoneId.of("Asia/Kuwait")),
                    Map.entry(420, ZoneId.of("Asia/Riyadh")),
                    Map.entry(422, ZoneId.of("Asia/Muscat")),
                    Map.entry(425, ZoneId.of("Asia/Jerusalem")),
                    Map.entry(426, ZoneId.of("Asia/Bahrain")),
                    Map.entry(427, ZoneId.of("Asia/Qatar")),
                    Map.entry(428, ZoneId.of("Asia/Ulaanbaatar")),
                    Map.entry(429, ZoneId.of("Asia/Kathmandu")),
                    Map.entry(432, ZoneId.of("Asia/Tehran")),
                    Map.entry(436, ZoneId.of("Asia/Dushanbe")),
                    Map.entry(437, ZoneId.of("Asia/Bishkek")),
                    Map.entry(438, ZoneId.of("Asia/Ashgabat")),
                    Map.entry(440, ZoneId.of("Asia/Tokyo")),
                    Map.entry(441, ZoneId.of("Asia/Tokyo")),
                    Map.entry(450, ZoneId.of("Asia/Seoul")),
                    Map.entry(452, ZoneId.of("Asia/Ho_Chi_Minh")),
                    Map.entry(454, ZoneId.of("Asia/Hong_Kong")),
                    Map.entry(455, ZoneId.of("Asia/Macau")),
                    Map.entry(456, ZoneId.of("Asia/Phnom_Penh")),
                    Map.entry(457, ZoneId.of("Asia/Vientiane")),
                    Map.entry(466, ZoneId.of("Asia/Taipei")),
                    Map.entry(470, ZoneId.of("Asia/Dhaka")),
                    Map.entry(472, ZoneId.of("Indian/Maldives")),
                    Map.entry(502, ZoneId.of("Asia/Kuala_Lumpur")),
                    Map.entry(505, ZoneId.of("Australia/Sydney")),
                    Map.entry(510, ZoneId.of("Asia/Makassar")),
                    Map.entry(515, ZoneId.of("Asia/Manila")),
                    Map.entry(525, ZoneId.of("Asia/Singapore")),
                    Map.entry(530, ZoneId.of("Pacific/Auckland")),
                    Map.entry(603, ZoneId.of("Africa/Algiers")),
                    Map.entry(604, ZoneId.of("Africa/Casablanca")),
                    Map.entry(605, ZoneId.of("Africa/Tunis")),
                    Map.entry(639, ZoneId.of("Africa/Nairobi")),
                    Map.entry(640, ZoneId.of("Africa/Dar_es_Salaam")),
                    Map.entry(655, ZoneId.of("Africa/Johannesburg")),
                    Map.entry(722, ZoneId.of("America/Argentina/Buenos_Aires")),
                    Map.entry(724, ZoneId.of("America/Sao_Paulo")),
                    Map.entry(730, ZoneId.of("America/Santiago")),
                    Map.entry(732, ZoneId.of("America/Bogota")),
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
