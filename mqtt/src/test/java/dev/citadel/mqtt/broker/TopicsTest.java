package dev.citadel.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT 3.1.1 section 4.7: topic names, filters and wildcard matching. */
class TopicsTest {
    @ParameterizedTest
    @CsvSource({
        "a/b/c, a/b/c, true",
        "a/+/c, a/b/c, true",
        "a/+/c, a/b/d, false",
        "a/+, a/b/c, false",
        "+/+, /b, true",
        "+, /b, false",
        "a/#, a, true",
        "a/#, a/b/c, true",
        "#, a/b/c, true",
        "a/b, a/b/c, false",
        "a/b/c, a/b, false",
        "#, $SYS/x, false",
        "+/x, $SYS/x, false",
        "$SYS/#, $SYS/x, true",
        "a/+/+, a/b/, true",
    })
    void filtersMatchAsTheSpecSays(String filter, String topic, boolean matches) {
        assertThat(Topics.isValidFilter(filter)).isTrue();
        assertThat(Topics.matches(filter, topic)).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a#", "a/b+", "#/a", "a/+b/c"})
    void invalidFiltersAreRecognised(String filter) {
        assertThat(Topics.isValidFilter(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/+", "a/#", "+"})
    void topicNamesHaveNoWildcards(String name) {
        assertThat(Topics.isValidName(name)).isFalse();
    }
}
