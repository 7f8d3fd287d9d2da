package dev.citadel.cli;

import dev.citadel.boot.image.BootRecord;
import dev.citadel.boot.image.HashAlgorithm;
import dev.citadel.boot.image.ImageDependency;
import dev.citadel.boot.image.ImageFormatException;
import dev.citadel.boot.image.ImageSignException;
import dev.citadel.boot.image.ImageSigner;
import dev.citadel.boot.image.ImageVerifier;
import dev.citadel.boot.image.ImageVersion;
import dev.citadel.boot.image.SignOptions;
import dev.citadel.boot.image.VerificationResult;
import dev.citadel.boot.image.VerifiedImage;
import dev.citadel.boot.keys.ImageKey;
import dev.citadel.boot.keys.ImageSigningKey;
import dev.citadel.boot.keys.KeyFormatException;
import dev.citadel.boot.keys.KeyPem;
import dev.citadel.boot.keys.KeyType;
import dev.citadel.boot.keys.PublicKeyOutput;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code citadel image}: MCUboot's imgtool, with its commands and options. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        description = {"Make keys and sign, verify and inspect MCUboot images, as MCUboot's imgtool does.",
            "Images and keys are interchangeable with imgtool's."},
        subcommands = {ImageCommand.Keygen.class, ImageCommand.Getpub.class, ImageCommand.Getpubhash.class,
            ImageCommand.Sign.class, ImageCommand.Verify.class, ImageCommand.Dumpinfo.class,
            ImageCommand.SpeManifestCommand.class})
final class ImageCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("missing subcommand: try 'citadel image --help'", Main.USAGE);
    }

    // ---- helpers shared by the subcommands

    static byte[] readFile(Path p, String what) {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new UserException(what + " " + p + " not found");
        } catch (IOException e) {
            throw new UserException("cannot read " + what + " " + p + ": " + e.getMessage());
        }
    }

    static void writeFile(Path p, byte[] b) {
        try {
            Files.write(p, b);
        } catch (IOException e) {
            throw new UserException("cannot write " + p + ": " + e.getMessage());
        }
    }

    /** Password for encrypted keys: a file's first line, else a prompt on the terminal, else a line of stdin. */
    static Supplier<char[]> password(Path file) {
        return () -> {
            if (file != null) {
                String s = new String(readFile(file, "password file"), StandardCharsets.UTF_8);
                return s.lines().findFirst().orElse("").toCharArray();
            }
            Console c = System.console();
            if (c != null) {
                return c.readPassword("Enter key passphrase: ");
            }
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? null : line.toCharArray();
            } catch (IOException e) {
                return null;
            }
        };
    }

    static ImageKey readKey(Path p, Path passwordFile) {
        String pem = new String(readFile(p, "key file"), StandardCharsets.US_ASCII);
        try {
            return KeyPem.read(pem, password(passwordFile));
        } catch (KeyFormatException e) {
            throw new UserException(p + ": " + e.getMessage());
        }
    }

    /** An integer as Python's {@code int(x, 0)} reads it: decimal, 0x, 0o or 0b. */
    static long parseNumber(String s, String what) {
        String t = s.trim().replace("_", "");
        try {
            String l = t.toLowerCase();
            if (l.startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            } else if (l.startsWith("0o")) {
                return Long.parseLong(t.substring(2), 8);
            } else if (l.startsWith("0b")) {
                return Long.parseLong(t.substring(2), 2);
            } else if (t.length() > 1 && t.startsWith("0")) {
                throw new NumberFormatException();
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new UserException(what + " '" + s + "' is not a valid integer (use 0x, 0o or 0b prefixes)",
                    Main.USAGE);
        }
    }

    static void write(Path output, byte[] bytes) {
        if (output == null) {
            PrintStream out = System.out;
            out.write(bytes, 0, bytes.length);
            out.flush();
        } else {
            writeFile(output, bytes);
        }
    }

    static void refuseHex(Path... files) {
        for (Path f : files) {
            if (f != null && f.toString().toLowerCase().endsWith(".hex")) {
                throw new UserException("Intel HEX files are not supported (" + f + "); use binary files");
            }
        }
    }

    // ---- subcommands

    @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Generate a key pair (imgtool keygen).")
    static final class Keygen implements Runnable {
        @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "Where to write the PEM.")
        Path key;

        @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE",
                description = "rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384 or ed25519.")
        String type;

        @Option(names = {"-p", "--password"}, description = "Protect the key with a password (prompted).")
        boolean password;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Protect the key with the first line of FILE.")
        Path passwordFile;

        @Override
        public void run() {
            KeyType t;
            try {
                t = KeyType.ofImgtoolName(type);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage()
                        + " (rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384, ed25519)", Main.USAGE);
            }
            char[] pw = null;
            if (passwordFile != null) {
                pw = password(passwordFile).get();
            } else if (password) {
                Console c = System.console();
                if (c == null) {
                    throw new UserException("no terminal to ask for a password: use --password-file", Main.USAGE);
                }
                pw = c.readPassword("Enter key passphrase: ");
                char[] again = c.readPassword("Reenter passphrase: ");
                if (!java.util.Arrays.equals(pw, again)) {
                    throw new UserException("passwords do not match");
                }
            }
            SecureRandom rnd = new SecureRandom();
            ImageSigningKey k = ImageSigningKey.generate(t, rnd);
            writeFile(key, KeyPem.writePrivate(k, pw, rnd).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Command(name = "getpub", mixinStandardHelpOptions = true,
            description = "Print a key's public half (imgtool getpub): C array (default), Rust, PEM or raw DER.")
    static final class Getpub implements Runnable {
        @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "Private or public PEM.")
        Path key;

        @Option(names = {"-e", "--encoding"}, paramLabel = "ENC", description = "lang-c, lang-rust, pem or raw.")
        String encoding;

        @Option(names = {"-l", "--lang"}, paramLabel = "LANG", description = "Deprecated: c or rust.")
        String lang;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: stdout).")
        Path output;

        @Option(names = "--name-suffix", defaultValue = "", paramLabel = "SUFFIX",
                description = "Appended to the C/Rust identifiers.")
        String nameSuffix;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Password of an encrypted key.")
        Path passwordFile;

        @Override
        public void run() {
            if (encoding != null && lang != null) {
                throw new UserException("use only one of --encoding/-e and --lang/-l", Main.USAGE);
            }
            PublicKeyOutput out = encoding(encoding, lang);
            if (!nameSuffix.matches("[A-Za-z0-9_]*")) {
                throw new UserException("--name-suffix may contain only [A-Za-z0-9_]", Main.USAGE);
            }
            if (!nameSuffix.isEmpty() && (out == PublicKeyOutput.PEM || out == PublicKeyOutput.RAW)) {
                throw new UserException("--name-suffix is only meaningful for lang-c / lang-rust", Main.USAGE);
            }
            write(output, out.publicKey(readKey(key, passwordFile).publicKey(), nameSuffix));
        }

        private static PublicKeyOutput encoding(String encoding, String lang) {
            if (lang != null) {
                return switch (lang) {
                    case "c" -> PublicKeyOutput.LANG_C;
                    case "rust" -> PublicKeyOutput.LANG_RUST;
                    default -> throw new UserException("--lang must be c or rust", Main.USAGE);
                };
            }
            try {
                return encoding == null ? PublicKeyOutput.LANG_C : PublicKeyOutput.ofOption(encoding);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), Main.USAGE);
            }
        }
    }

    @Command(name = "getpubhash", mixinStandardHelpOptions = true,
            description = "Print the SHA-256 of a key's public bytes (imgtool getpubhash): C array or raw.")
    static final class Getpubhash implements Runnable {
        @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "Private or public PEM.")
        Path key;

        @Option(names = {"-e", "--encoding"}, defaultValue = "lang-c", paramLabel = "ENC",
                description = "lang-c (default) or raw.")
        String encoding;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: stdout).")
        Path output;

        @Option(names = "--name-suffix", defaultValue = "", paramLabel = "SUFFIX",
                description = "Appended to the C identifiers.")
        String nameSuffix;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Password of an encrypted key.")
        Path passwordFile;

        @Override
        public void run() {
            if (!encoding.equals("lang-c") && !encoding.equals("raw")) {
                throw new UserException("--encoding must be lang-c or raw", Main.USAGE);
            }
            if (!nameSuffix.matches("[A-Za-z0-9_]*") || (!nameSuffix.isEmpty() && encoding.equals("raw"))) {
                throw new UserException("--name-suffix takes [A-Za-z0-9_] and only with lang-c", Main.USAGE);
            }
            write(output, PublicKeyOutput.ofOption(encoding).publicKeyHash(readKey(key, passwordFile).publicKey(),
                    nameSuffix));
        }
    }

    @Command(name = "sign", aliases = "create",
            description = {"Make a signed (or, without --key, hash-only) image from a binary (imgtool sign).",
                "The output is byte for byte imgtool's, except ECDSA and RSA-PSS signature bytes."})
    static final class Sign implements Runnable {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = {"-k", "--key"}, paramLabel = "FILE", description = "Signing key (PEM).")
        Path key;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Password of an encrypted key.")
        Path passwordFile;

        @Option(names = "--public-key-format", defaultValue = "hash", paramLabel = "hash|full",
                description = "KEYHASH (hash, default) or the full key as PUBKEY (full).")
        String publicKeyFormat;

        @Option(names = {"-v", "--version"}, required = true, paramLabel = "VERSION",
                description = "maj.min.rev+build, later parts optional.")
        String version;

        @Option(names = {"-H", "--header-size"}, required = true, paramLabel = "N", description = "At least 32.")
        String headerSize;

        @Option(names = "--pad-header", description = "Prepend the header area (erased value) to the input.")
        boolean padHeader;

        @Option(names = {"-S", "--slot-size"}, required = true, paramLabel = "N",
                description = "Slot size (the secondary's if they differ).")
        String slotSize;

        @Option(names = "--pad", description = "Pad to the slot size and write the trailer magic.")
        boolean pad;

        @Option(names = "--confirm", description = "Mark the image confirmed (implies --pad).")
        boolean confirm;

        @Option(names = "--test", description = "Mark the image for a test swap (implies --pad).")
        boolean test;

        @Option(names = "--align", defaultValue = "1", paramLabel = "N", description = "Flash write size: 1..32.")
        int align;

        @Option(names = "--max-align", paramLabel = "N", description = "BOOT_MAX_ALIGN: 8, 16 or 32.")
        Integer maxAlign;

        @Option(names = {"-M", "--max-sectors"}, paramLabel = "N", description = "Sectors in the swap status (128).")
        Integer maxSectors;

        @Option(names = "--overwrite-only", description = "Trailer of overwrite-only upgrades.")
        boolean overwriteOnly;

        @Option(names = {"-s", "--security-counter"}, paramLabel = "N|auto",
                description = "SEC_CNT value, or auto = (major<<24)+(minor<<16)+revision.")
        String securityCounter;

        @Option(names = {"-d", "--dependencies"}, paramLabel = "DEPS",
                description = "\"(<image_ID>,<image_version>), ...\"")
        String dependencies;

        @Option(names = "--boot-record", paramLabel = "SW_TYPE", description = "BOOT_RECORD sw_type (max 12).")
        String bootRecord;

        @Option(names = {"-R", "--erased-val"}, paramLabel = "0|0xff", description = "Erased flash value.")
        String erasedVal;

        @Option(names = {"-L", "--load-addr"}, paramLabel = "ADDR", description = "RAM load address.")
        String loadAddr;

        @Option(names = {"-F", "--rom-fixed"}, paramLabel = "ADDR", description = "Flash address built for.")
        String romFixed;

        @Option(names = "--non-bootable", description = "Mark the image non-bootable.")
        boolean nonBootable;

        @Option(names = "--sha", defaultValue = "auto", paramLabel = "auto|256|384|512", description = "Image hash.")
        String sha;

        @Parameters(index = "0", paramLabel = "INFILE")
        Path infile;

        @Parameters(index = "1", paramLabel = "OUTFILE")
        Path outfile;

        @Override
        public void run() {
            refuseHex(infile, outfile);
            SignOptions.Builder b = SignOptions.builder();
            try {
                b.version(ImageVersion.parse(version));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), Main.USAGE);
            }
            long hdr = parseNumber(headerSize, "--header-size");
            if (hdr < 32) {
                throw new UserException("Minimum value for -H/--header-size is 32", Main.USAGE);
            }
            if (!publicKeyFormat.equals("hash") && !publicKeyFormat.equals("full")) {
                throw new UserException("--public-key-format must be hash or full", Main.USAGE);
            }
            if (!List.of(1, 2, 4, 8, 16, 32).contains(align)) {
                throw new UserException("--align must be 1, 2, 4, 8, 16 or 32", Main.USAGE);
            }
            if (maxAlign != null && !List.of(8, 16, 32).contains(maxAlign)) {
                throw new UserException("--max-align must be 8, 16 or 32", Main.USAGE);
            }
            long slot = parseNumber(slotSize, "--slot-size");
            if (slot < 0 || slot > Integer.MAX_VALUE - 64) {
                throw new UserException("--slot-size must be 0..2 GiB", Main.USAGE);
            }
            b.headerSize((int) Math.min(hdr, Integer.MAX_VALUE)).padHeader(padHeader).slotSize(slot)
                    .pad(pad || test).confirm(confirm).align(align).maxAlign(maxAlign).maxSectors(maxSectors)
                    .overwriteOnly(overwriteOnly).publicKeyFull(publicKeyFormat.equals("full"))
                    .nonBootable(nonBootable);
            if (maxSectors != null && maxSectors < 1) {
                throw new UserException("--max-sectors must be positive", Main.USAGE);
            }
            if (securityCounter != null) {
                if (securityCounter.equalsIgnoreCase("auto")) {
                    b.securityCounterAuto();
                } else {
                    long n = parseNumber(securityCounter, "--security-counter");
                    if (n < 0 || n > 0xFFFF_FFFFL) {
                        throw new UserException("--security-counter must fit 32 bits", Main.USAGE);
                    }
                    b.securityCounter(n);
                }
            }
            if (dependencies != null) {
                b.dependencies(parseDependencies(dependencies));
            }
            b.bootRecord(bootRecord);
            if (erasedVal != null) {
                if (!erasedVal.equals("0") && !erasedVal.equalsIgnoreCase("0xff")) {
                    throw new UserException("--erased-val must be 0 or 0xff", Main.USAGE);
                }
                b.erasedValue(erasedVal.equals("0") ? 0 : 0xFF);
            }
            if (loadAddr != null) {
                b.loadAddr(parseNumber(loadAddr, "--load-addr"));
            }
            if (romFixed != null) {
                b.romFixed(parseNumber(romFixed, "--rom-fixed"));
            }
            switch (sha) {
                case "auto" -> { }
                case "256" -> b.hash(HashAlgorithm.SHA256);
                case "384" -> b.hash(HashAlgorithm.SHA384);
                case "512" -> b.hash(HashAlgorithm.SHA512);
                default -> throw new UserException("--sha must be auto, 256, 384 or 512", Main.USAGE);
            }
            byte[] input = readFile(infile, "input file");
            if (key != null) {
                ImageKey k = readKey(key, passwordFile);
                if (!(k instanceof ImageSigningKey sk)) {
                    throw new UserException(key + " holds a public key only; signing needs the private key");
                }
                b.key(sk);
            }
            SignOptions options;
            try {
                options = b.build();
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), Main.USAGE);
            }
            try {
                writeFile(outfile, new ImageSigner(new SecureRandom()).sign(input, options));
            } catch (ImageSignException e) {
                throw new UserException(e.getMessage());
            }
        }

        /** imgtool's reading: every "(ID" with every ", VERSION)". */
        static List<ImageDependency> parseDependencies(String s) {
            List<String> ids = all(Pattern.compile("\\((\\d+)"), s);
            List<String> versions = all(Pattern.compile(",\\s*([0-9.+]+)\\)"), s);
            if (ids.isEmpty()) {
                throw new UserException("image dependency format is invalid: " + s, Main.USAGE);
            }
            if (ids.size() != versions.size()) {
                throw new UserException("the numbers of dependency images and versions differ in: " + s,
                        Main.USAGE);
            }
            List<ImageDependency> deps = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                try {
                    deps.add(new ImageDependency(Integer.parseInt(ids.get(i)), ImageVersion.parse(versions.get(i))));
                } catch (IllegalArgumentException e) {
                    throw new UserException("dependency " + (i + 1) + ": " + e.getMessage(), Main.USAGE);
                }
            }
            return deps;
        }

        private static List<String> all(Pattern p, String s) {
            List<String> l = new ArrayList<>();
            Matcher m = p.matcher(s);
            while (m.find()) {
                l.add(m.group(1));
            }
            return l;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check an image (imgtool verify), and more strictly than imgtool: with keys, its KEYHASH",
                "or PUBKEY must name one of them; without keys, only its structure and hash are checked."})
    static final class Verify implements Runnable {
        @Option(names = {"-k", "--key"}, paramLabel = "FILE", description = "A trusted key (repeatable).")
        List<Path> keys = new ArrayList<>();

        @Option(names = "--key-hash", paramLabel = "HEX",
                description = "An allowed key hash for PUBKEY images, e.g. a ROTPK hash (repeatable).")
        List<String> keyHashes = new ArrayList<>();

        @Option(names = {"-S", "--slot-size"}, paramLabel = "N", description = "Slot size (default: file size).")
        String slotSize;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Password of an encrypted key.")
        Path passwordFile;

        @Parameters(paramLabel = "IMAGE")
        Path image;

        @Override
        public void run() {
            refuseHex(image);
            ImageVerifier.Builder b = ImageVerifier.builder();
            for (Path k : keys) {
                b.trustKey(readKey(k, passwordFile).publicKey());
            }
            for (String h : keyHashes) {
                try {
                    b.allowKeyHash(Hex.parseBytes(h, "--key-hash"));
                } catch (IllegalArgumentException e) {
                    throw new UserException("--key-hash: " + e.getMessage(), Main.USAGE);
                }
            }
            b.requireSignature(!keys.isEmpty() || !keyHashes.isEmpty());
            byte[] data = readFile(image, "image file");
            if (slotSize != null) {
                long s = parseNumber(slotSize, "--slot-size");
                if (s <= 0) {
                    throw new UserException("--slot-size must be positive", Main.USAGE);
                }
                b.slotSize(s);
            }
            VerificationResult r = b.build().verify(data);
            if (r instanceof VerificationResult.Refused no) {
                throw new UserException("image refused: " + no.reason() + ": " + no.detail());
            }
            VerifiedImage v = ((VerificationResult.Valid) r).image();
            HexFormat hex = HexFormat.of();
            PrintStream out = System.out;
            out.println("Image was correctly validated");
            out.println("Image version: " + v.version());
            out.println("Image digest: " + hex.formatHex(v.hash()));
            if (v.signed()) {
                out.println("Signed by: " + v.signerType().imgtoolName() + " key, hash "
                        + hex.formatHex(v.signerKeyHash()));
            } else {
                out.println("Signature: not checked (no key given)");
            }
            v.securityCounter().ifPresent(c -> out.printf("Security counter: %d (0x%08x)%n", c, c));
            for (ImageDependency d : v.dependencies()) {
                out.println("Depends on: image " + d.imageId() + " >= " + d.minVersion());
            }
            v.bootRecord().ifPresent(rec -> {
                BootRecord br = BootRecord.decode(rec);
                out.println("Boot record: type " + br.swType() + ", version " + br.version() + ", "
                        + br.measurementDescription());
            });
        }
    }

    @Command(name = "dumpinfo", mixinStandardHelpOptions = true,
            description = "Print an image's header, TLV areas and trailer (imgtool dumpinfo), without checking it.")
    static final class Dumpinfo implements Runnable {
        @Parameters(paramLabel = "IMAGE")
        Path image;

        @Option(names = {"-o", "--outfile"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path outfile;

        @Override
        public void run() {
            refuseHex(image);
            byte[] data = readFile(image, "image file");
            String text;
            try {
                text = ImageDump.human(image.getFileName().toString(), data);
            } catch (ImageFormatException e) {
                throw new UserException("cannot read " + image + ": " + e.reason() + ": " + e.getMessage());
            }
            write(outfile, text.getBytes(StandardCharsets.UTF_8));
        }
    }


    @Command(name = "spe-manifest", mixinStandardHelpOptions = true,
            description = {"Write the SPE manifest that image 0 carries: the SPE's main class and the SHA-256 and",
                "size of each jar of its class path. Signing the manifest (image sign) signs that code."})
    static final class SpeManifestCommand implements Runnable {
        @Option(names = "--lib", paramLabel = "DIR",
                description = "The SPE's jars, pinned in name order (default: spe-lib beside citadel.jar).")
        Path lib;

        @Option(names = "--main", defaultValue = "dev.citadel.spe.SpeMain", paramLabel = "CLASS",
                description = "The SPE's entry point (default: ${DEFAULT-VALUE}).")
        String mainClass;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The manifest.")
        Path output;

        @Override
        public void run() {
            List<dev.citadel.boot.launch.SpeManifest.JarPin> pins = new ArrayList<>();
            long bytes = 0;
            for (Path jar : BootFiles.jars(lib != null ? lib : BootFiles.defaultSpeLib())) {
                byte[] b = readFile(jar, "jar");
                bytes += b.length;
                try {
                    pins.add(dev.citadel.boot.launch.SpeManifest.JarPin.of(jar.getFileName().toString(), b));
                } catch (IllegalArgumentException e) {
                    throw new UserException(jar + ": " + e.getMessage());
                }
            }
            byte[] manifest;
            try {
                manifest = new dev.citadel.boot.launch.SpeManifest(mainClass, pins).encode();
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), Main.USAGE);
            }
            writeFile(output, manifest);
            System.out.println("SPE manifest " + output + ": main " + mainClass + ", " + pins.size() + " jars ("
                    + bytes + " bytes) pinned, " + manifest.length + " bytes; sign it as image 0");
        }
    }
}
