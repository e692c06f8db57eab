package dev.sonde.core.weave;

/** The internal names of the bridge's classes, as woven code names them. */
public final class BridgeNames {

    public static final String BRIDGE = "dev/sonde/bootstrap/Bridge";
    public static final String FRAMES = "dev/sonde/bootstrap/Frames";

    private BridgeNames() {}
}
