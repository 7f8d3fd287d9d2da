package dev.citadel.verifier;

import java.util.Optional;

/** One entry of the software components claim: a measured image, as BL2 reported it. */
public record SoftwareComponent(Optional<String> measurementType, byte[] measurementValue, Optional<String> version,
        byte[] signerId, Optional<String> measurementDescription) {

    public SoftwareComponent {
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
}
