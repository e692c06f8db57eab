package dev.sonde.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * What following a call says when it cannot follow it for want of the receiver: the answers given before
 * the callee's class would be retransformed, so no instrumentation is needed.
 */
class CallFollowerTest {

    private static final Instruction.Call HAS_NEXT = hasNext();

    private final CallFollower follower = new CallFollower(null, null);

    private static Instruction.Call hasNext() {
        return new Instruction.Call(Opcodes.INVOKEINTERFACE, "java/util/Iterator", "hasNext", "()Z", true, 0);
    }

    private static Instruction.Call next() {
        return new Instruction.Call(
                Opcodes.INVOKEINTERFACE, "java/util/Iterator", "next", "()Ljava/lang/Object;", true, 0);
    }

    /** A static method that makes the calls given, each at an offset of its own, as one weaving analysed it. */
    private static TracedMethod caller(TracingWeaver.Detail detail, Instruction.Call... calls) {
        List<Instruction> instructions = new java.util.ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            instructions.add(
                    new Instruction(i, 5 * i, "invokeinterface", "", List.of(Kind.REFERENCE), List.of(), calls[i], -1));
        }
        return new TracedMethod(
                "a.Caller",
                "loop",
                "(Ljava/util/Iterator;)V",
                true,
                instructions,
                detail,
                true,
                new WeakReference<>(CallFollowerTest.class.getClassLoader()));
    }

    @Test
    void aCallerTracedWithoutItsStackSaysOncePerCallSiteThatTheReceiverIsNotKnown() {
        Instruction.Call hasNext = hasNext();
        Instruction.Call next = next();
        TracedMethod caller = caller(TracingWeaver.Detail.INSTRUCTIONS, hasNext, next);
        Instruction.Call hasNextAgain = hasNext();
        // its class woven again (to follow a call into another of its methods): the same sites, analysed anew
        TracedMethod again = caller(TracingWeaver.Detail.INSTRUCTIONS, hasNextAgain, next());

        List<Object> answers = Arrays.asList(
                follower.follow(caller, hasNext, null),
                follower.follow(caller, next, null),
                follower.follow(caller, hasNext, null),
                follower.follow(caller, next, null),
                follower.follow(again, hasNextAgain, null));

        String why = ": the receiver, whose class decides the method called, is not known: the caller is traced"
                + " without its operand stack (said for the first call from this site only)";
        assertEquals(
                Arrays.asList(
                        "java.util.Iterator#hasNext()Z" + why,
                        "java.util.Iterator#next()Ljava/lang/Object;" + why,
                        null,
                        null,
                        null),
                answers);
    }

    @Test
    void aCallerTracedWithoutItsStackStillFollowsACallThatNoReceiverCanRedirect() {
        Instruction.Call length =
                new Instruction.Call(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", true, 0);

        Object answer = follower.follow(caller(TracingWeaver.Detail.INSTRUCTIONS, length), length, null);

        assertEquals(
                "java.lang.String#length()I: the tracer itself relies on java.lang.String",
                answer,
                "String is final: the method is known without the receiver");
    }

    @Test
    void aNullReceiverRecordedOnTheStackIsSaidToBeNull() {
        Object answer = follower.follow(caller(TracingWeaver.Detail.STACK, HAS_NEXT), HAS_NEXT, null);

        assertEquals("java.util.Iterator#hasNext()Z: the receiver is null", answer);
    }
}
