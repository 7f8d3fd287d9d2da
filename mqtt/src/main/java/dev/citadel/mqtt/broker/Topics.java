package dev.citadel.mqtt.broker;

/**
 * MQTT 3.1.1 topic names and filters (section 4.7): levels separated by {@code /}, {@code +} matches one level,
 * {@code #} (last level only) matches the parent and every level below it, and filters that start with a wildcard do
 * not match topics that start with {@code $}.
 */
final class Topics {
    private Topics() {}

    /** Whether {@code filter} is a valid topic filter: not empty, wildcards only as whole levels, {@code #} last. */
    static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.indexOf('\0') >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                if (i != levels.length - 1) {
                    return false;
                }
            } else if (!level.equals("+") && (level.indexOf('#') >= 0 || level.indexOf('+') >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a valid topic name for PUBLISH: not empty and without wildcards. */
    static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && name.indexOf('#') < 0 && name.indexOf('+') < 0
                && name.indexOf('\0') < 0;
    }

    /** Whether the valid filter {@code filter} matches the valid topic name {@code topic}. */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
