package dev.citadel.psa.names;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** What the JDK's own providers say about a name: the independent facts the tables are checked against. */
final class Jdk {
    private Jdk() {}

    /** The standard name of the service that an installed provider registers for {@code type} under {@code oid}. */
    static Optional<String> serviceByOid(String type, String oid) {
        return Arrays.stream(Security.getProviders()).map(p -> p.getService(type, oid)).filter(Objects::nonNull)
                .map(Provider.Service::getAlgorithm).findFirst();
    }
}
