package dev.citadel.psa.cbor;

/** The eight CBOR major types (RFC 8949 §3.1), in the order of their numbers. */
public enum MajorType {
    UNSIGNED_INTEGER("an", "unsigned integer"),
    NEGATIVE_INTEGER("a", "negative integer"),
    BYTE_STRING("a", "byte string"),
    TEXT_STRING("a", "text string"),
    ARRAY("an", "array"),
    MAP("a", "map"),
    TAG("a", "tag"),
    /** Simple values (false, true, null, …) and floating-point numbers. */
    SIMPLE_OR_FLOAT("a", "simple value or float");

    private static final MajorType[] BY_NUMBER = values();

    private final String article;
    private final String noun;

    MajorType(String article, String noun) {
        this.article = article;
        this.noun = noun;
    }

    /** The major type number, the top three bits of an initial byte. */
    public int number() {
        return ordinal();
    }

    /** The major type of an item whose initial byte is {@code initialByte}. */
    public static MajorType ofInitialByte(int initialByte) {
        return BY_NUMBER[(initialByte & 0xFF) >>> 5];
    }

    /** How error messages name an item of this type: "a byte string". */
    public String description() {
        return article + " " + noun;
    }

    /** The type's name without an article: "byte string". */
    public String noun() {
        return noun;
    }
}
