package io.loomicorn.logging;

/** Syslog facility codes by the names {@code syslog_facility} accepts (Python's table). */
final class SyslogFacility {

    private SyslogFacility() {
    }

    /**
     * Returns the code of a facility.
     *
     * @param name e.g. {@code user}, {@code daemon}, {@code local0}
     * @return the code, 0 to 23
     * @throws IllegalArgumentException for an unknown name (the settings registry refuses them first)
     */
    static int code(String name) {
        return switch (name) {
            case "kern" -> 0;
            case "user" -> 1;
            case "mail" -> 2;
            case "daemon" -> 3;
            case "auth", "security" -> 4;
            case "syslog" -> 5;
            case "lpr" -> 6;
            case "news" -> 7;
            case "uucp" -> 8;
            case "cron" -> 9;
            case "authpriv" -> 10;
            case "ftp" -> 11;
            case "local0" -> 16;
            case "local1" -> 17;
            case "local2" -> 18;
            case "local3" -> 19;
            case "local4" -> 20;
            case "local5" -> 21;
            case "local6" -> 22;
            case "local7" -> 23;
            default -> throw new IllegalArgumentException("unknown syslog facility: " + name);
        };
    }
}
