package dev.citadel.verifier;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Expected software components, read from JSON (schema in docs/attestation-design.md):
 *
 * <pre>
 * {"software-components": [
 *    {"measurement-type": "SPE", "measurement-value": "hex", "signer-id": "hex", "version": "1.0.0"}, ...]}
 * </pre>
 *
 * {@code version} is optional. Several entries may share a measurement type (for example two accepted releases).
 */
public record ReferenceValues(List<Entry> entries) {

    public ReferenceValues {
        entries = List.copyOf(entries);
    }

    /** One accepted component. */
    public record Entry(String measurementType, byte[] measurementValue, byte[] signerId, Optional<String> version) {
        public Entry {
            measurementValue = measurementValue.clone();
            signerId = signerId.clone();
        }

        @Override
        public byte[] measurementValue() {
            return measurementValue.clone();
        }

        @Override
        public byte[] signerId() {
            return signerId.clone();
        }

        boolean matches(SoftwareComponent c) {
            return c.measurementType().filter(measurementType::equals).isPresent()
                    && Arrays.equals(measurementValue, c.measurementValue())
                    && Arrays.equals(signerId, c.signerId())
                    && version.map(v -> c.version().filter(v::equals).isPresent()).orElse(true);
        }
    }

    /** How one software component of a token compares with the reference values. */
    public record Comparison(SoftwareComponent component, Outcome outcome, String detail) {}

    public enum Outcome {
        MATCH,
        MISMATCH,
        NO_REFERENCE
    }

    /**
     * Parses the JSON text.
     *
     * @throws IllegalArgumentException with a one-line reason if the text does not follow the schema
     */
    public static ReferenceValues parseJson(String json) {
        CBORObject root;
        try {
            root = CBORObject.FromJSONString(json);
        } catch (CBORException | IllegalArgumentException e) {
            throw new IllegalArgumentException("reference values are not valid JSON: " + e.getMessage());
        }
        CBORObject list = root.getType() == CBORType.Map ? root.get("software-components") : null;
        if (list == null || list.getType() != CBORType.Array) {
            throw new IllegalArgumentException("reference values need a \"software-components\" array");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            CBORObject e = list.get(i);
            String where = "software-components[" + i + "]";
            if (e.getType() != CBORType.Map) {
                throw new IllegalArgumentException(where + " is not an object");
            }
            CBORObject version = e.get("version");
            if (version != null && version.getType() != CBORType.TextString) {
                throw new IllegalArgumentException(where + ".version is not a string");
            }
            out.add(new Entry(string(e, "measurement-type", where), hex(e, "measurement-value", where),
                    hex(e, "signer-id", where), Optional.ofNullable(version).map(CBORObject::AsString)));
        }
        return new ReferenceValues(out);
    }

    private static String string(CBORObject o, String name, String where) {
        CBORObject v = o.get(name);
        if (v == null || v.getType() != CBORType.TextString) {
            throw new IllegalArgumentException(where + "." + name + " is missing or not a string");
        }
        return v.AsString();
    }

    private static byte[] hex(CBORObject o, String name, String where) {
        try {
            return HexFormat.of().parseHex(string(o, name, where));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + "." + name + " is not hex");
        }
    }

    /** Compares every component of a token; a component whose type has no entry is NO_REFERENCE. */
    public List<Comparison> compare(List<SoftwareComponent> components) {
        List<Comparison> out = new ArrayList<>();
        for (SoftwareComponent c : components) {
            String type = c.measurementType().orElse("");
            List<Entry> sameType = entries.stream().filter(e -> e.measurementType().equals(type)).toList();
            if (sameType.isEmpty()) {
                out.add(new Comparison(c, Outcome.NO_REFERENCE, "no reference value for type '" + type + "'"));
            } else if (sameType.stream().anyMatch(e -> e.matches(c))) {
                out.add(new Comparison(c, Outcome.MATCH, "'" + type + "' matches a reference value"));
            } else {
                boolean signerKnown = sameType.stream().anyMatch(e -> Arrays.equals(e.signerId(), c.signerId()));
                out.add(new Comparison(c, Outcome.MISMATCH, "'" + type + "': "
                        + (signerKnown ? "measurement (or version) differs from every reference value"
                                : "signer ID differs from every reference value")));
            }
        }
        return out;
    }

    /** Reference entries whose measurement type no component of the token has. */
    public List<String> missingTypes(List<SoftwareComponent> components) {
        return entries.stream().map(Entry::measurementType).distinct()
                .filter(t -> components.stream().noneMatch(c -> c.measurementType().filter(t::equals).isPresent()))
                .toList();
    }
}
