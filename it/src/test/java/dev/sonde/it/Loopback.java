package dev.sonde.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** The loopback ports of the servers the tests start: a free one to start on, and whether one listens yet. */
final class Loopback {

    private Loopback() {}

    /** A loopback port free now. */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /** Whether something accepts connections on this loopback port. */
    static boolean accepts(int port) {
        try {
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
