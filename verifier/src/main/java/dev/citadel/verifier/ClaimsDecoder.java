package dev.citadel.verifier;

import dev.citadel.psa.attest.Claim;
import dev.citadel.psa.attest.CoseAlgorithm;
import dev.citadel.psa.attest.TokenProfile;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decodes a claims-set and checks each claim's presence, type and constraints for its profile. Claims the profile
 * does not know are ignored, as RFC 9783 §5.1.3 requires of a receiver.
 */
final class ClaimsDecoder {
    private static final Pattern CERT_REF = Pattern.compile("[0-9]{13}-[0-9]{5}");
    private static final Pattern EAN13_OPT_VERSION = Pattern.compile("[0-9]{13}(-[0-9]{5})?");

    private final List<Finding> findings = new ArrayList<>();
    private final CBORObject map;
    private TokenProfile profile;

    private ClaimsDecoder(CBORObject map) {
        this.map = map;
    }

    /** The token, or the findings that stop it from being one (at least one). */
    record Result(Optional<AttestationToken> token, List<Finding> findings) {}

    static Result decode(byte[] payload, CoseAlgorithm alg) {
        CBORObject map;
        try {
            map = CBORObject.DecodeFromBytes(payload);
        } catch (CBORException | IllegalArgumentException e) {
            return fail(Check.MALFORMED, "the payload is not one well-formed CBOR item: " + e.getMessage());
        }
        if (map.isTagged() || map.getType() != CBORType.Map) {
            return fail(Check.PROFILE, "the payload is not a claims map");
        }
        ClaimsDecoder d = new ClaimsDecoder(map);
        Optional<AttestationToken> token = d.run(alg);
        return new Result(d.findings.isEmpty() ? token : Optional.empty(), List.copyOf(d.findings));
    }

    private static Result fail(Check c, String detail) {
        return new Result(Optional.empty(), List.of(new Finding(c, detail)));
    }

    private Optional<AttestationToken> run(CoseAlgorithm alg) {
        boolean claimed = selectProfile();
        if (profile == null) {
            return Optional.empty();
        }
        for (Claim c : Claim.values()) {
            int key = c.key(profile).orElse(0);
            if (key == 0) {
                continue;
            }
            CBORObject v = map.get(CBORObject.FromObject(key));
            if (v == null) {
                if (c.presence(profile) == Claim.Presence.M) {
                    add(Check.CLAIM_MISSING, "mandatory claim " + c.label() + " (" + key + ") is absent");
                }
            } else if (!hasType(v, c.type())) {
                add(Check.CLAIM_TYPE, c.label() + " (" + key + ") must be " + typeName(c.type()) + ", not "
                        + describe(v));
            }
        }
        if (!findings.isEmpty()) {
            return Optional.empty();
        }
        byte[] nonce = bytes(Claim.NONCE);
        if (nonce.length != 32 && nonce.length != 48 && nonce.length != 64) {
            add(Check.CLAIM_VALUE, "nonce is " + nonce.length + " bytes; it must be 32, 48 or 64");
        }
        byte[] instanceId = bytes(Claim.INSTANCE_ID);
        if (instanceId.length != 33 || instanceId[0] != 0x01) {
            add(Check.CLAIM_VALUE, "instance ID must be 33 bytes starting with 0x01 (UEID type RAND)");
        }
        byte[] implId = bytes(Claim.IMPLEMENTATION_ID);
        if (implId.length != 32) {
            add(Check.CLAIM_VALUE, "implementation ID is " + implId.length + " bytes; it must be 32");
        }
        CBORObject client = get(Claim.CLIENT_ID);
        int clientId = 0;
        if (!client.CanValueFitInInt32() || client.AsInt32Value() == 0) {
            add(Check.CLAIM_VALUE, "client ID " + client + " must be a non-zero 32-bit integer");
        } else {
            clientId = client.AsInt32Value();
        }
        CBORObject lc = get(Claim.SECURITY_LIFECYCLE);
        int lifecycle = 0;
        if (!lc.CanValueFitInInt32() || SecurityLifecycle.of(lc.AsInt32Value()).isEmpty()) {
            add(Check.CLAIM_VALUE, String.format("security lifecycle %s is in no lifecycle state's range", lc));
        } else {
            lifecycle = lc.AsInt32Value();
        }
        Optional<byte[]> bootSeed = optionalBytes(Claim.BOOT_SEED);
        bootSeed.ifPresent(s -> {
            boolean ok = profile == TokenProfile.PSA_IOT_1 ? s.length == 32 : s.length >= 8 && s.length <= 32;
            if (!ok) {
                add(Check.CLAIM_VALUE, "boot seed is " + s.length + " bytes; it must be "
                        + (profile == TokenProfile.PSA_IOT_1 ? "32" : "8 to 32"));
            }
        });
        Optional<String> certRef = optionalText(Claim.CERTIFICATION_REFERENCE);
        certRef.ifPresent(r -> {
            Pattern p = profile == TokenProfile.PSA_IOT_1 ? EAN13_OPT_VERSION : CERT_REF;
            if (!p.matcher(r).matches()) {
                add(Check.CLAIM_VALUE, "certification reference '" + r + "' is not "
                        + (profile == TokenProfile.PSA_IOT_1 ? "EAN-13 (or EAN-13+5)" : "EAN-13+5 (13 digits, '-', 5)"));
            }
        });
        Optional<String> vsi = optionalText(Claim.VERIFICATION_SERVICE);
        if (vsi.isPresent() && vsi.get().isEmpty()) {
            add(Check.CLAIM_VALUE, "verification service indicator is empty");
        }
        List<SoftwareComponent> components = softwareComponents();
        if (!findings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AttestationToken(profile, claimed, alg, nonce, instanceId, implId, lifecycle, bootSeed,
                clientId, components, vsi, certRef));
    }

    /** Picks the profile from the profile claim, or from the key set for an unlabelled PSA_IOT_PROFILE_1 token. */
    private boolean selectProfile() {
        CBORObject eat = map.get(CBORObject.FromObject(Claim.PROFILE_DEFINITION.key(TokenProfile.PSA_2023).getAsInt()));
        CBORObject p1 = map.get(CBORObject.FromObject(Claim.PROFILE_DEFINITION.key(TokenProfile.PSA_IOT_1).getAsInt()));
        if (eat != null) {
            if (!hasType(eat, Claim.Type.TSTR)) {
                add(Check.CLAIM_TYPE, "profile definition (265) must be a text string, not " + describe(eat));
                return false;
            }
            Optional<TokenProfile> p = TokenProfile.byDefinition(eat.AsString()).filter(x -> x != TokenProfile.PSA_IOT_1);
            if (p.isEmpty()) {
                add(Check.PROFILE, "unknown profile '" + eat.AsString() + "'");
                return false;
            }
            profile = p.get();
            return true;
        }
        if (p1 != null) {
            if (!hasType(p1, Claim.Type.TSTR)) {
                add(Check.CLAIM_TYPE, "profile definition (-75000) must be a text string, not " + describe(p1));
                return false;
            }
            if (!TokenProfile.PSA_IOT_1.definition().equals(p1.AsString())) {
                add(Check.PROFILE, "unknown profile '" + p1.AsString() + "' (the -75000 keys are "
                        + TokenProfile.PSA_IOT_1.definition() + "'s)");
                return false;
            }
            profile = TokenProfile.PSA_IOT_1;
            return true;
        }
        if (map.ContainsKey(CBORObject.FromObject(Claim.NONCE.key(TokenProfile.PSA_IOT_1).getAsInt()))) {
            profile = TokenProfile.PSA_IOT_1; // the profile claim is optional in PSA_IOT_PROFILE_1
            return false;
        }
        if (map.ContainsKey(CBORObject.FromObject(Claim.NONCE.key(TokenProfile.PSA_2023).getAsInt()))) {
            add(Check.CLAIM_MISSING, "mandatory claim profile (265) is absent");
        } else {
            add(Check.PROFILE, "the claims are not a PSA token's (no profile, no nonce)");
        }
        return false;
    }

    private List<SoftwareComponent> softwareComponents() {
        CBORObject sw = get(Claim.SOFTWARE_COMPONENTS);
        CBORObject none = get(Claim.NO_SOFTWARE_MEASUREMENTS);
        if (none != null) {
            if (sw != null) {
                add(Check.CLAIM_VALUE, "software components and no-software-measurements are both present");
            } else if (!none.CanValueFitInInt32() || none.AsInt32Value() != 1) {
                add(Check.CLAIM_VALUE, "no-software-measurements must be 1");
            }
            return List.of();
        }
        if (sw == null) {
            add(Check.CLAIM_MISSING, "software components are absent (and no-software-measurements is not claimed)");
            return List.of();
        }
        if (sw.size() == 0) {
            add(Check.CLAIM_VALUE, "software components must hold at least one component");
        }
        List<SoftwareComponent> out = new ArrayList<>();
        for (int i = 0; i < sw.size(); i++) {
            component(i + 1, sw.get(i)).ifPresent(out::add);
        }
        return out;
    }

    private Optional<SoftwareComponent> component(int n, CBORObject c) {
        String where = "software component " + n;
        if (!hasType(c, Claim.Type.MAP)) {
            add(Check.CLAIM_TYPE, where + " must be a map, not " + describe(c));
            return Optional.empty();
        }
        int before = findings.size();
        for (Claim.Component f : Claim.Component.values()) {
            CBORObject v = c.get(CBORObject.FromObject(f.key()));
            if (v == null) {
                if (f.mandatory()) {
                    add(Check.CLAIM_MISSING, where + ": " + f.label() + " (" + f.key() + ") is absent");
                }
            } else if (!hasType(v, f.type())) {
                add(Check.CLAIM_TYPE, where + ": " + f.label() + " (" + f.key() + ") must be " + typeName(f.type())
                        + ", not " + describe(v));
            }
        }
        if (findings.size() > before) {
            return Optional.empty();
        }
        byte[] value = c.get(CBORObject.FromObject(Claim.Component.MEASUREMENT_VALUE.key())).GetByteString();
        byte[] signer = c.get(CBORObject.FromObject(Claim.Component.SIGNER_ID.key())).GetByteString();
        for (var e : List.of(java.util.Map.entry("measurement value", value), java.util.Map.entry("signer ID", signer))) {
            int len = e.getValue().length;
            if (len != 32 && len != 48 && len != 64) {
                add(Check.CLAIM_VALUE, where + ": " + e.getKey() + " is " + len + " bytes; it must be 32, 48 or 64");
            }
        }
        return Optional.of(new SoftwareComponent(text(c, Claim.Component.MEASUREMENT_TYPE), value,
                text(c, Claim.Component.VERSION), signer, text(c, Claim.Component.MEASUREMENT_DESCRIPTION)));
    }

    private static Optional<String> text(CBORObject c, Claim.Component f) {
        CBORObject v = c.get(CBORObject.FromObject(f.key()));
        return v == null ? Optional.empty() : Optional.of(v.AsString());
    }

    private CBORObject get(Claim c) {
        int key = c.key(profile).orElse(0);
        return key == 0 ? null : map.get(CBORObject.FromObject(key));
    }

    private byte[] bytes(Claim c) {
        return get(c).GetByteString();
    }

    private Optional<byte[]> optionalBytes(Claim c) {
        return Optional.ofNullable(get(c)).map(CBORObject::GetByteString);
    }

    private Optional<String> optionalText(Claim c) {
        return Optional.ofNullable(get(c)).map(CBORObject::AsString);
    }

    private void add(Check c, String detail) {
        findings.add(new Finding(c, detail));
    }

    static boolean hasType(CBORObject v, Claim.Type t) {
        if (v.isTagged()) {
            return false;
        }
        return switch (t) {
            case BSTR -> v.getType() == CBORType.ByteString;
            case TSTR -> v.getType() == CBORType.TextString;
            case INT -> v.getType() == CBORType.Integer;
            case UINT -> v.getType() == CBORType.Integer && v.AsNumber().signum() >= 0;
            case ARRAY -> v.getType() == CBORType.Array;
            case MAP -> v.getType() == CBORType.Map;
        };
    }

    private static String typeName(Claim.Type t) {
        return switch (t) {
            case BSTR -> "a byte string";
            case TSTR -> "a text string";
            case INT -> "an integer";
            case UINT -> "an unsigned integer";
            case ARRAY -> "an array";
            case MAP -> "a map";
        };
    }

    private static String describe(CBORObject v) {
        if (v.isTagged()) {
            return "a tagged item";
        }
        return switch (v.getType()) {
            case ByteString -> "a byte string";
            case TextString -> "a text string";
            case Integer -> v.AsNumber().signum() < 0 ? "a negative integer" : "an integer";
            case Array -> "an array";
            case Map -> "a map";
            case Boolean -> "a boolean";
            case SimpleValue -> "a simple value";
            default -> "a " + v.getType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
