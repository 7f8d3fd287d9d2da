package dev.citadel.spe.spm;

import java.util.List;
import java.util.Objects;

/**
 * A partition manifest with TF-M's fields.
 *
 * @param dependencies the names of the services this partition may call
 */
public record PartitionManifest(
        String name,
        int partitionId,
        PartitionType type,
        PartitionModel model,
        List<ServiceManifest> services,
        List<String> dependencies) {

    public PartitionManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(model, "model");
        services = List.copyOf(services);
        dependencies = List.copyOf(dependencies);
        if (partitionId <= 0) {
            throw new IllegalArgumentException(name + ": a partition ID must be positive (secure client IDs are)");
        }
    }

    public static Builder builder(String name, int partitionId) {
        return new Builder(name, partitionId);
    }

    /** Builds a manifest; {@link PartitionManifest}'s constructor and the SPM validate it. */
    public static final class Builder {
        private final String name;
        private final int partitionId;
        private PartitionType type = PartitionType.PSA_ROT;
        private PartitionModel model = PartitionModel.SFN;
        private final java.util.ArrayList<ServiceManifest> services = new java.util.ArrayList<>();
        private final java.util.ArrayList<String> dependencies = new java.util.ArrayList<>();

        private Builder(String name, int partitionId) {
            this.name = name;
            this.partitionId = partitionId;
        }

        public Builder type(PartitionType type) {
            this.type = type;
            return this;
        }

        public Builder model(PartitionModel model) {
            this.model = model;
            return this;
        }

        public Builder service(ServiceManifest service) {
            services.add(service);
            return this;
        }

        public Builder dependency(String serviceName) {
            dependencies.add(serviceName);
            return this;
        }

        public PartitionManifest build() {
            return new PartitionManifest(name, partitionId, type, model, services, dependencies);
        }
    }
}
