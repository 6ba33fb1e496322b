package io.convergent.infra.process;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;

/** A port the local stack needs is taken by another process. */
public final class PortInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int port;

    public PortInUseException(String purpose, String host, int port) {
        super(
                String.format(
                        "port %d on %s (%s) is already in use by another process;"
                                + " stop it or choose another port",
                        port, Objects.requireNonNull(host, "host"), purpose));
        this.port = port;
    }

    public int port() {
        return port;
    }

    /**
     * Fails with a {@link PortInUseException} naming {@code purpose} when {@code port} cannot be
     * bound on {@code host}. Checked before a child process starts, so a taken port is an
     * immediate, clear error instead of a child that dies or never becomes ready.
     */
    public static void requireFree(String purpose, String host, int port) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(host, "host");
        try (ServerSocket socket = new ServerSocket()) {
            // Same setting as the JDK gives Kafka's acceptor, so a port in TIME_WAIT after our
            // own broker stopped still counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new PortInUseException(purpose, host, port);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot check port " + port + " on " + host + ": " + e.getMessage(), e);
        }
    }
}
