package io.netstack4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** The streams of a {@link TcpSocket}: reads and writes on a byte array allocate nothing. */
final class TcpSocketStreams {
    private TcpSocketStreams() {
    }

    /** The socket's input stream: -1 at the end of the stream; closing it closes the socket. */
    static final class Input extends InputStream {
        private final TcpSocket socket;

        Input(TcpSocket socket) {
            this.socket = socket;
        }

        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            socket.readLock.lock();
            try {
                int n = socket.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            } finally {
                socket.readLock.unlock();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            socket.readLock.lock();
            try {
                return socket.read(b, off, len);
            } finally {
                socket.readLock.unlock();
            }
        }

        /** Bytes that a read would return without waiting (0 at the end of the stream). */
        @Override
        public int available() throws IOException {
            return socket.available();
        }

        /** Closes the socket. */
        @Override
        public void close() {
            socket.close();
        }

        @Override
        public String toString() {
            return "InputStream of " + socket;
        }
    }

    /** The socket's output stream; closing it closes the socket. */
    static final class Output extends OutputStream {
        private final TcpSocket socket;

        Output(TcpSocket socket) {
            this.socket = socket;
        }

        private final byte[] one = new byte[1];

        @Override
        public void write(int b) throws IOException {
            socket.writeLock.lock();
            try {
                one[0] = (byte) b;
                socket.write(one, 0, 1);
            } finally {
                socket.writeLock.unlock();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            socket.writeLock.lock();
            try {
                socket.write(b, off, len);
            } finally {
                socket.writeLock.unlock();
            }
        }

        /** Closes the socket (the data already written is still sent, then a FIN). */
        @Override
        public void close() {
            socket.close();
        }

        @Override
        public String toString() {
            return "OutputStream of " + socket;
        }
    }
}
