package io.rec4j.core.container;

/**
 * The container declares a format version this build cannot read: either a newer one (written by a newer rec4j)
 * or an invalid one (0).
 */
public class UnsupportedVersionException extends ContainerFormatException {
    private static final long serialVersionUID = 1L;

    private final int version;

    public UnsupportedVersionException(String message, int version) {
        super(message, Container.OFFSET_VERSION);
        this.version = version;
    }

    /** The format version found in the container. */
    public int version() {
        return version;
    }
}
