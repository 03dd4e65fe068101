/**
 * Running stacks. {@link io.netstack4j.runtime.StackLoop} gives a stack its own thread in real
 * time: it is the only thread that touches the stack; other threads post
 * {@link io.netstack4j.runtime.LoopTask}s to it (Netty's {@code execute}/{@code inEventLoop}
 * pattern). {@link io.netstack4j.runtime.Simulation} drives several stacks on one thread in
 * virtual time, jumping a {@link io.netstack4j.time.ManualClock} from one deadline to the next,
 * so minutes of network time take milliseconds and every run with the same seed is the same.
 */
package io.netstack4j.runtime;
