package io.netstack4j.runtime;

import io.netstack4j.buffer.PacketBuffer;

import io.netstack4j.iface.Stack;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.LinkCapabilities;
import io.netstack4j.time.Clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread that owns a stack, in real time. Each turn it reads the clock once, runs the tasks
 * posted to it, moves frames from the LAN adapter into the stack (at most
 * {@link #MAX_FRAMES_PER_TURN} per turn, so tasks and timers are not starved), runs the stack's
 * timers, then waits in {@link LinkAdapter#await} until the earlier of the stack's next deadline and
 * the adapter's, a frame, or a {@link #execute wakeup}.
 *
 * <p>Other threads talk to the stack only through {@link #execute} and {@link #submit}. The task
 * queue is a bounded lock-free multi-producer/single-consumer queue ({@link MpscArrayQueue}): a post
 * costs one compare-and-set, no lock. A full queue rejects the task with a
 * {@link LoopQueueFullException}, a closed loop with a {@link LoopClosedException} (both
 * {@link RejectedExecutionException}s, counted apart). Exceptions thrown by tasks or by the stack are
 * caught, counted and logged: the loop keeps running.
 */
public final class StackLoop implements AutoCloseable {
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    /** Frames taken from the adapter per turn. */
    public static final int MAX_FRAMES_PER_TURN = 64;
    /** The longest single wait, so a lost wakeup costs at most this much. */
    private static final long MAX_WAIT_NANOS = 100_000_000L;
    /** The longest single wait when a second port cannot wake the loop ({@link LinkAdapter#wakeAlso}). */
    private static final long MAX_WAIT_UNWOKEN_NANOS = 1_000_000L;
    private static final System.Logger LOG = System.getLogger(StackLoop.class.getName());

    /**
     * One stack on its adapter. A loop drives one (a host) or several (a router's interfaces, which
     * forward to each other synchronously on this thread).
     */
    public record Port(Stack stack, LinkAdapter adapter) {
        public Port {
            Objects.requireNonNull(stack, "stack");
            Objects.requireNonNull(adapter, "adapter");
        }
    }

    private final String name;
    /** The first port's: the loop sleeps in its adapter's {@code await}, and posts wake that one. */
    private final Stack stack;
    private final LinkAdapter adapter;
    private final Port[] ports;
    /** The buffer each port's next frame is read into (loop thread). */
    private final PacketBuffer[] rx;
    /** The longest sleep: short when another port cannot wake the first one's await. */
    private final long maxWaitNanos;
    private final Clock clock;
    private final MpscArrayQueue<LoopTask> tasks;
    private final int capacity;
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean adapterClosed = new AtomicBoolean();
    private final AtomicLong rejectedClosed = new AtomicLong();
    private final AtomicLong rejectedFull = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    private volatile long busyPollNanos;
    /**
     * True while the loop thread is in, or about to enter, {@link LinkAdapter#await}: only then
     * does {@link #execute} need to wake it (on a TAP, a write to an eventfd: a system call).
     */
    private volatile boolean parked;
    private final AtomicLong wakeups = new AtomicLong();

    public StackLoop(Stack stack, LinkAdapter adapter, Clock clock) {
        this(stack, adapter, clock, DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * @param queueCapacity the task queue's bound, rounded up to a power of two (at least 2; see
     *                      {@link MpscArrayQueue}); {@link #queueCapacity()} says what it became
     */
    public StackLoop(Stack stack, LinkAdapter adapter, Clock clock, int queueCapacity) {
        this(Objects.requireNonNull(stack, "stack").name(), List.of(new Port(stack, adapter)), clock, queueCapacity);
    }

    /**
     * A loop driving several stacks on their adapters on one thread, named {@code name}: a router's
     * interfaces (io.netstack4j.route). It sleeps in the first adapter's {@code await}; the others
     * wake it through {@link LinkAdapter#wakeAlso}, or, where they cannot, it wakes every
     * millisecond to look.
     */
    public StackLoop(String name, List<Port> ports, Clock clock, int queueCapacity) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a loop needs a port");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.ports = ports.toArray(new Port[0]);
        this.rx = new PacketBuffer[this.ports.length];
        this.stack = this.ports[0].stack();
        this.adapter = this.ports[0].adapter();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tasks = new MpscArrayQueue<>(queueCapacity);
        this.capacity = tasks.capacity();
        boolean woken = true;
        for (int i = 1; i < this.ports.length; i++) {
            woken &= this.ports[i].adapter().wakeAlso(adapter);
        }
        this.maxWaitNanos = woken ? MAX_WAIT_NANOS : MAX_WAIT_UNWOKEN_NANOS;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /**
     * Busy polling, like Linux's {@code SO_BUSY_POLL}: after the last frame or task, keep asking
     * the adapter for {@code nanos} before blocking in {@link LinkAdapter#await}. It trades a
     * spinning core for the wake-up latency of a blocked thread. 0 (the default) turns it off.
     */
    public void setBusyPollNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("busy-poll time must not be negative: " + nanos);
        }
        this.busyPollNanos = nanos;
    }

    /** Starts the thread; its first act is {@link Stack#start} (gratuitous ARP). */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("loop closed");
        }
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /**
     * Runs {@code task} on the loop thread, soon. Any thread; also from the loop thread itself (the
     * task then runs on the next turn).
     *
     * @throws LoopClosedException     if the loop is closed (counted)
     * @throws LoopQueueFullException  if its queue is full (counted)
     */
    public void execute(LoopTask task) {
        Objects.requireNonNull(task, "task");
        if (closed.get()) {
            rejectedClosed.incrementAndGet();
            throw new LoopClosedException(name);
        }
        if (!tasks.offer(task)) {
            rejectedFull.incrementAndGet();
            throw new LoopQueueFullException(name, capacity);
        }
        // Pairs with run(): the loop sets parked, then looks at the queue again. Either it sees
        // this task there, or this thread sees parked and wakes it.
        if (parked && !inEventLoop()) {
            wakeups.incrementAndGet();
            adapter.wakeup();
        }
    }

    /**
     * Runs {@code callable} on the loop thread and completes the future with its result or
     * exception; the future is cancelled if the loop closes first.
     *
     * @throws RejectedExecutionException as {@link #execute}
     */
    public <T> CompletableFuture<T> submit(LoopCallable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        FutureTask<T> t = new FutureTask<>(callable);
        execute(t);
        return t.future;
    }

    /** True on the loop's own thread. */
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** The (first) port's stack. */
    public Stack stack() {
        return stack;
    }

    /** The (first) port's adapter. */
    public LinkAdapter adapter() {
        return adapter;
    }

    /** Every stack and adapter this loop drives, the first one first. */
    public List<Port> ports() {
        return List.of(ports);
    }

    /** True once {@link #close} has begun: no task is accepted any more. Any thread. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Tasks refused because the loop was closed or its queue full. */
    public long rejectedTasks() {
        return rejectedClosed.get() + rejectedFull.get();
    }

    /** Tasks refused because the queue was full. */
    public long rejectedFull() {
        return rejectedFull.get();
    }

    /**
     * Tasks ever accepted by {@link #execute} (and {@link #submit}): the count of calls that needed
     * the loop thread. It is the queue's producer index, so counting costs nothing.
     */
    public long postedTasks() {
        return tasks.offered();
    }

    /** The task queue's capacity (the requested one rounded up to a power of two). */
    public int queueCapacity() {
        return capacity;
    }

    /** Times {@link #execute} had to wake the loop from {@link LinkAdapter#await}. */
    public long wakeups() {
        return wakeups.get();
    }

    /** Exceptions caught from tasks and from the stack. */
    public long failures() {
        return failures.get();
    }

    /**
     * Stops the loop, waits for its thread to end (unless called on it), closes the adapter and
     * cancels tasks that never ran. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        adapter.wakeup();
        if (started.get() && !inEventLoop()) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!inEventLoop()) {
            finish();
        }
    }

    private void finish() {
        if (adapterClosed.compareAndSet(false, true)) {
            for (Port p : ports) {
                p.adapter().close();
            }
        }
        List<LoopTask> left = new ArrayList<>();
        tasks.drain(left::add);
        for (LoopTask t : left) {
            if (t instanceof FutureTask<?> f) {
                f.future.completeExceptionally(new CancellationException("stack loop closed"));
            }
        }
    }

    private void run() {
        try {
            long start = clock.nanos();
            for (Port p : ports) {
                p.stack().start(start);
            }
            long lastActivity = Long.MIN_VALUE / 2;
            while (running) {
                long now = clock.nanos();
                boolean ranTasks = runTasks(now);
                boolean sent = flushOutput(now);
                // Frames are stamped with the time they are read, not the time the turn began: a
                // reply that arrives while the tasks of this turn run (the kernel answers a TAP
                // write at once) must not look as if it took no time at all.
                now = clock.nanos();
                int frames = 0;
                boolean full = false;
                for (int i = 0; i < ports.length; i++) {
                    int n = receive(i, now);
                    frames += n;
                    full |= n == MAX_FRAMES_PER_TURN;
                }
                long next = Long.MAX_VALUE;
                long adapterNext = Long.MAX_VALUE;
                for (Port p : ports) {
                    try {
                        next = Math.min(next, p.stack().poll(now));
                    } catch (RuntimeException e) {
                        fail("polling", e);
                        next = Math.min(next, now + 1_000_000L);
                    }
                    adapterNext = Math.min(adapterNext, p.adapter().pollAt());
                }
                if (!running || full || !tasks.isEmpty()) {
                    continue;
                }
                if (frames > 0 || ranTasks || sent) {
                    lastActivity = now;
                }
                long spin = busyPollNanos;
                if (spin > 0 && clock.nanos() - lastActivity < spin && next > now) {
                    Thread.onSpinWait();
                    continue;
                }
                long deadline = Math.min(next, adapterNext);
                long wait = deadline == Long.MAX_VALUE ? maxWaitNanos : Math.min(deadline - clock.nanos(), maxWaitNanos);
                if (wait > 0) {
                    parked = true;
                    try {
                        if (tasks.isEmpty() && !hasOutput()) {
                            adapter.await(wait);
                        }
                    } catch (InterruptedException e) {
                        if (!running) {
                            break;
                        }
                    } finally {
                        parked = false;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            fail("the loop", e);
        } finally {
            for (int i = 0; i < rx.length; i++) {
                if (rx[i] != null) {
                    rx[i].release();
                    rx[i] = null;
                }
            }
            if (closed.get()) {
                finish();
            }
        }
    }

    /**
     * Moves up to {@link #MAX_FRAMES_PER_TURN} frames from port {@code i}'s adapter into its stack,
     * then ends the input burst; returns how many.
     */
    private int receive(int i, long now) {
        Stack st = ports[i].stack();
        LinkAdapter ad = ports[i].adapter();
        int frames = 0;
        LinkCapabilities caps = ad.capabilities();
        st.linkCapabilities(caps);
        boolean verified = caps.rxChecksumVerified();
        while (frames < MAX_FRAMES_PER_TURN && running) {
            // Each frame is read straight into a buffer of the stack's pool, which the
            // stack then owns (a datagram may stay queued in it, uncopied).
            if (rx[i] == null) {
                rx[i] = st.pool().acquire();
            }
            int n = ad.receive(rx[i].array(), rx[i].start(), now);
            if (n <= LinkAdapter.TOO_LONG) {
                rx[i].release();   // a frame larger than the pool's: a buffer that holds it
                rx[i] = st.allocate(LinkAdapter.TOO_LONG - n);
                n = ad.receive(rx[i].array(), rx[i].start(), now);
            }
            if (n < 0) {
                break;
            }
            frames++;
            PacketBuffer frame = rx[i];
            rx[i] = null;
            frame.append(n);
            frame.checksumVerified(verified);
            try {
                st.receiveFrame(frame, now);
            } catch (RuntimeException e) {
                fail("receiving a frame", e);
            }
        }
        if (frames > 0) {
            try {
                st.endOfInputBurst(now);
            } catch (RuntimeException e) {
                fail("ending an input burst", e);
            }
        }
        return frames;
    }

    private boolean hasOutput() {
        for (Port p : ports) {
            if (p.stack().hasOutput()) {
                return true;
            }
        }
        return false;
    }

    /** Sends what application threads handed to the stack's output sources; whether there was any. */
    private boolean flushOutput(long now) {
        boolean any = false;
        for (Port p : ports) {
            if (p.stack().hasOutput()) {
                any = true;
                try {
                    p.stack().flushOutput(now);
                } catch (RuntimeException e) {
                    fail("flushing output", e);
                }
            }
        }
        return any;
    }

    /**
     * Wakes the loop if it sleeps in {@link LinkAdapter#await}, without posting a task: for an
     * application thread that has handed the stack work through a ring ({@code Stack.hasOutput}
     * is checked again before the loop sleeps, so this cannot be lost). Any thread.
     */
    public void wakeIfParked() {
        if (parked && !inEventLoop()) {
            wakeups.incrementAndGet();
            adapter.wakeup();
        }
    }

    /** Runs the queued tasks; returns whether there were any. */
    private boolean runTasks(long now) {
        // At most a queue's worth per turn: a task that posts another does not starve the link.
        for (int i = 0; i < capacity; i++) {
            LoopTask t = tasks.poll();
            if (t == null) {
                return i > 0;
            }
            try {
                t.run(now);
            } catch (RuntimeException e) {
                fail("running a task", e);
            }
        }
        return true;
    }

    private void fail(String what, Throwable e) {
        failures.incrementAndGet();
        LOG.log(System.Logger.Level.ERROR, "stack " + name + ": exception while " + what, e);
    }

    /** A task completing a future. */
    private static final class FutureTask<T> implements LoopTask {
        final CompletableFuture<T> future = new CompletableFuture<>();
        private final LoopCallable<T> callable;

        FutureTask(LoopCallable<T> callable) {
            this.callable = callable;
        }

        @Override
        public void run(long nowNanos) {
            if (future.isDone()) {
                return;
            }
            try {
                future.complete(callable.call(nowNanos));
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        }
    }
}
