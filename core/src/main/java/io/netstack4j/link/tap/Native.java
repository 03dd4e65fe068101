package io.netstack4j.link.tap;

import io.netstack4j.link.LinkException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The native functions, bound once (a holder, so a JVM that never opens a TAP never links them). */
@SuppressWarnings("restricted")
final class Native {
    static final MemoryLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN;
    private static final MethodHandle IOCTL_PTR;
    private static final MethodHandle IOCTL_LONG;
    private static final MethodHandle READ;
    private static final MethodHandle WRITE;
    private static final MethodHandle PPOLL;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle CLOSE;
    private static final MethodHandle STRERROR;
    private static final MethodHandle IF_NAMETOINDEX;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        OPEN = bind(linker, libc, "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                errno, Linker.Option.firstVariadicArg(2));
        IOCTL_PTR = bind(linker, libc, "ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
                errno, Linker.Option.firstVariadicArg(2));
        IOCTL_LONG = bind(linker, libc, "ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
                errno, Linker.Option.firstVariadicArg(2));
        // read and write on a non-blocking descriptor return at once: no thread-state transition needed.
        READ = bind(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                errno, Linker.Option.critical(false));
        WRITE = bind(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                errno, Linker.Option.critical(false));
        PPOLL = bind(linker, libc, "ppoll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS),
                errno);
        EVENTFD = bind(linker, libc, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        CLOSE = bind(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        STRERROR = bind(linker, libc, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        IF_NAMETOINDEX = bind(linker, libc, "if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    private static MethodHandle bind(Linker linker, SymbolLookup libc, String fn, FunctionDescriptor d,
                                     Linker.Option... options) {
        MemorySegment addr = libc.find(fn)
                .orElseThrow(() -> new LinkException("native function " + fn + " not found in the C library"));
        return linker.downcallHandle(addr, d, options);
    }

    /** The interface index of {@code name} in this network namespace, or 0 if there is none. */
    static int ifNameToIndex(MemorySegment name) {
        try {
            return (int) IF_NAMETOINDEX.invokeExact(name);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static int open(MemorySegment err, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(err, path, flags, 0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int ioctl(MemorySegment err, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_PTR.invokeExact(err, fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int ioctl(MemorySegment err, int fd, long request, long arg) {
        try {
            return (int) IOCTL_LONG.invokeExact(err, fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long read(MemorySegment err, int fd, MemorySegment buf, long len) {
        try {
            return (long) READ.invokeExact(err, fd, buf, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long write(MemorySegment err, int fd, MemorySegment buf, long len) {
        try {
            return (long) WRITE.invokeExact(err, fd, buf, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int ppoll(MemorySegment err, MemorySegment fds, long nfds, MemorySegment timeout) {
        try {
            return (int) PPOLL.invokeExact(err, fds, nfds, timeout, MemorySegment.NULL);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int eventfd(MemorySegment err, int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(err, initval, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The C library's text for an error number, "Operation not permitted". */
    static String strerror(int e) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(e);
            if (s.equals(MemorySegment.NULL)) {
                return "errno " + e;
            }
            return s.reinterpret(1024).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return "errno " + e;
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException("native call failed", t);
    }
}
