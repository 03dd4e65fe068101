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
    private static final System.Logger LOG = System.getLogger(StackLoop.class.getName());

    private final Stack stack;
    private final LinkAdapter adapter;
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
        this.stack = Objects.requireNonNull(stack, "stack");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tasks = new MpscArrayQueue<>(queueCapacity);
        this.capacity = tasks.capacity();
        this.thread = new Thread(this::run, stack.name());
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
            throw new LoopClosedException(stack.name());
        }
        if (!tasks.offer(task)) {
            rejectedFull.incrementAndGet();
            throw new LoopQueueFullException(stack.name(), capacity);
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

    public Stack stack() {
        return stack;
    }

    public LinkAdapter adapter() {
        return adapter;
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
            adapter.close();
        }
        List<LoopTask> left = new ArrayList<>();
        tasks.drain(left::add);
        for (LoopTask t : left) {
            if (t instanceof FutureTask<?> f) {
                f.future.completeExceptionally(new CancellationException("stack loop closed"));
            }
        }
    }

    /** The buffer the next frame is read into (loop thread). */
    private PacketBuffer rx;

    private void run() {
        try {
            stack.start(clock.nanos());
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
                LinkCapabilities caps = adapter.capabilities();
                stack.linkCapabilities(caps);
                boolean verified = caps.rxChecksumVerified();
                while (frames < MAX_FRAMES_PER_TURN && running) {
                    // Each frame is read straight into a buffer of the stack's pool, which the
                    // stack then owns (a datagram may stay queued in it, uncopied).
                    if (rx == null) {
                        rx = stack.pool().acquire();
                    }
                    int n = adapter.receive(rx.array(), rx.start(), now);
                    if (n <= LinkAdapter.TOO_LONG) {
                        rx.release();   // a frame larger than the pool's: a buffer that holds it
                        rx = stack.allocate(LinkAdapter.TOO_LONG - n);
                        n = adapter.receive(rx.array(), rx.start(), now);
                    }
                    if (n < 0) {
                        break;
                    }
                    frames++;
                    PacketBuffer frame = rx;
                    rx = null;
                    frame.append(n);
                    frame.checksumVerified(verified);
                    try {
                        stack.receiveFrame(frame, now);
                    } catch (RuntimeException e) {
                        fail("receiving a frame", e);
                    }
                }
                if (frames > 0) {
                    try {
                        stack.endOfInputBurst(now);
                    } catch (RuntimeException e) {
                        fail("ending an input burst", e);
                    }
                }
                long next;
                try {
                    next = stack.poll(now);
                } catch (RuntimeException e) {
                    fail("polling", e);
                    next = now + 1_000_000L;
                }
                if (!running || frames == MAX_FRAMES_PER_TURN || !tasks.isEmpty()) {
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
                long deadline = Math.min(next, adapter.pollAt());
                long wait = deadline == Long.MAX_VALUE ? MAX_WAIT_NANOS : Math.min(deadline - clock.nanos(), MAX_WAIT_NANOS);
                if (wait > 0) {
                    parked = true;
                    try {
                        if (tasks.isEmpty() && !stack.hasOutput()) {
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
            if (rx != null) {
                rx.release();
                rx = null;
            }
            if (closed.get()) {
                finish();
            }
        }
    }

    /** Sends what application threads handed to the stack's output sources; whether there was any. */
    private boolean flushOutput(long now) {
        if (!stack.hasOutput()) {
            return false;
        }
        try {
            stack.flushOutput(now);
        } catch (RuntimeException e) {
            fail("flushing output", e);
        }
        return true;
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
        LOG.log(System.Logger.Level.ERROR, "stack " + stack.name() + ": exception while " + what, e);
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
