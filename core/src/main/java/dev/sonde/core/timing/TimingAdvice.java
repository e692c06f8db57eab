package dev.sonde.core.timing;

import dev.sonde.core.weave.BridgeNames;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;
import org.objectweb.asm.commons.Method;

/**
 * Weaves timing into one method (or, for a method counted until the probe chooses to time it,
 * {@code frames.enterOrCount(id, counter)} in place of {@code enter} and {@code frames.exitCounted(frame)}
 * in place of {@code exit}):
 * <pre>
 *   Frames frames = Bridge.frames();        // first instructions, before super(…) in a constructor
 *   int frame = frames.enter(id);
 *   try {
 *       …original code; before each return: frames.exit(frame)
 *   } catch (any t) {                       // last entries of the exception table: the method's own handlers come first
 *       frames.exitWithError(frame); throw t;
 *   }
 * </pre>
 * In a constructor the handler is split in two: one range over the code before the {@code super(…)} or
 * {@code this(…)} call, whose frame still holds an uninitialised {@code this} (the verifier lets such a
 * handler rethrow), and one range after the call. The call itself cannot be covered: HotSpot checks a
 * handler of that instruction against the frame both before and after it, and no frame fits both. A
 * throwable from the superclass's constructor therefore leaves the frame open; the recorder closes it,
 * as an error, when a timed call beneath it ends.
 *
 * <p>The two locals are added by {@link org.objectweb.asm.commons.LocalVariablesSorter}, which also
 * rewrites the existing stack map frames; the handlers' frames are written here, with every other
 * local as TOP, so no class hierarchy is ever needed.
 */
final class TimingAdvice extends AdviceAdapter {

    static final String BRIDGE = BridgeNames.BRIDGE;
    static final String FRAMES = BridgeNames.FRAMES;
    private static final Type BRIDGE_TYPE = Type.getObjectType(BRIDGE);
    private static final Type FRAMES_TYPE = Type.getObjectType(FRAMES);
    private static final Method FRAMES_METHOD = new Method("frames", FRAMES_TYPE, new Type[0]);
    private static final Method ENTER = Method.getMethod("int enter(int)");
    private static final Method ENTER_OR_COUNT = Method.getMethod("int enterOrCount(int, int)");
    private static final Method EXIT = Method.getMethod("void exit(int)");
    private static final Method EXIT_COUNTED = Method.getMethod("void exitCounted(int)");
    private static final Method EXIT_WITH_ERROR = Method.getMethod("void exitWithError(int)");

    /**
     * The most bytes the entry sequence takes (invokestatic, dup, wide astore, ldc_w, invokevirtual, wide
     * istore; a second ldc_w for a method counted or timed).
     */
    static final int ENTRY_BYTES = 21;
    /** The most bytes before each return (wide aload, wide iload, invokevirtual). */
    static final int EXIT_BYTES = 11;
    /** The most bytes of one handler (wide aload, wide iload, invokevirtual, athrow). */
    static final int HANDLER_BYTES = 12;

    /** Thrown when a constructor's call to {@code super(…)} or {@code this(…)} cannot be found: the method is left alone. */
    static final class ConstructorShapeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final String method;

        ConstructorShapeException(String method) {
            super("no super(…) or this(…) call found in " + method);
            this.method = method;
        }
    }

    private final int methodId;
    /** The counter of a method woven to be counted or timed, or -1 for a timed method. */
    private final int counter;

    private final boolean writeFrames;
    private final int argumentSlots;
    private final boolean constructor;
    private final String nameAndDescriptor;
    private final Label tryStart = new Label();
    private Label beforeConstructorCall;
    private Label beforeSuper;
    private final Label initialised = new Label();
    private final Label tryEnd = new Label();
    private final Label handler = new Label();
    private final Label uninitialisedHandler = new Label();
    private final Label codeEnd = new Label();
    private int framesLocal = -1;
    private int frameLocal;
    private boolean superCalled;
    private int exits;

    TimingAdvice(MethodVisitor next, int access, String name, String descriptor, int methodId, boolean writeFrames) {
        this(next, access, name, descriptor, methodId, -1, writeFrames);
    }

    /**
     * With a {@code counter} of 0 or more, the method is woven to be counted or timed as the probe
     * decides while the program runs: {@code frames.enterOrCount(id, counter)} in place of
     * {@code frames.enter(id)} and {@code frames.exitCounted(frame)} in place of {@code frames.exit(frame)},
     * the rest as for a timed method.
     */
    TimingAdvice(
            MethodVisitor next,
            int access,
            String name,
            String descriptor,
            int methodId,
            int counter,
            boolean writeFrames) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.methodId = methodId;
        this.counter = counter;
        this.writeFrames = writeFrames;
        int slots = (access & ACC_STATIC) == 0 ? 1 : 0;
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            slots += argument.getSize();
        }
        this.argumentSlots = slots;
        this.constructor = name.equals("<init>");
        this.nameAndDescriptor = name + descriptor;
    }

    @Override
    public void visitCode() {
        super.visitCode(); // calls onMethodEnter at once, except in a constructor
        if (constructor) {
            // AdviceAdapter delays onMethodEnter until after super(…); the call is entered now regardless
            enterFrame();
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (constructor && !superCalled && opcode == INVOKESPECIAL && name.equals("<init>")) {
            // might be the super(…) or this(…) call: AdviceAdapter tells, by calling onMethodEnter during it
            beforeConstructorCall = new Label();
            mv.visitLabel(beforeConstructorCall);
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    protected void onMethodEnter() {
        if (constructor) {
            superCalled = true;
            beforeSuper = beforeConstructorCall;
            mv.visitLabel(initialised);
        } else {
            enterFrame();
        }
    }

    private void enterFrame() {
        framesLocal = newLocal(FRAMES_TYPE);
        frameLocal = newLocal(Type.INT_TYPE);
        if (framesLocal != argumentSlots || frameLocal != argumentSlots + 1) {
            throw new IllegalStateException("the timing locals must follow the arguments");
        }
        // spotless:off
        invokeStatic(BRIDGE_TYPE, FRAMES_METHOD);   // stack: frames
        dup();                                      // stack: frames, frames
        storeLocal(framesLocal);                    // stack: frames
        push(methodId);                             // stack: frames, int
        if (counter >= 0) {
            push(counter);                          // stack: frames, int, int
            invokeVirtual(FRAMES_TYPE, ENTER_OR_COUNT); // stack: int
        } else {
            invokeVirtual(FRAMES_TYPE, ENTER);      // stack: int
        }
        storeLocal(frameLocal);                     // stack: (empty)
        // spotless:on
        mv.visitLabel(tryStart);
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode == ATHROW) {
            return; // the handler sees every throw, explicit or not
        }
        exits++;
        // spotless:off
        loadLocal(framesLocal);                     // stack: …, frames
        loadLocal(frameLocal);                      // stack: …, frames, int
        invokeVirtual(FRAMES_TYPE, counter >= 0 ? EXIT_COUNTED : EXIT); // stack: … (the return value, if any, untouched below)
        // spotless:on
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (framesLocal >= 0) {
            if (constructor && (!superCalled || beforeSuper == null)) {
                throw new ConstructorShapeException(nameAndDescriptor);
            }
            mv.visitLabel(tryEnd);
            if (constructor) {
                mv.visitTryCatchBlock(tryStart, beforeSuper, uninitialisedHandler, null);
                mv.visitTryCatchBlock(initialised, tryEnd, handler, null);
                emitHandler(uninitialisedHandler, true);
            } else {
                mv.visitTryCatchBlock(tryStart, tryEnd, handler, null);
            }
            emitHandler(handler, false);
        }
        mv.visitLabel(codeEnd);
        super.visitMaxs(maxStack, maxLocals);
    }

    private void emitHandler(Label label, boolean thisUninitialised) {
        mv.visitLabel(label);
        if (writeFrames) {
            Object[] locals = new Object[argumentSlots + 2];
            for (int i = 0; i < argumentSlots; i++) {
                locals[i] = Opcodes.TOP;
            }
            if (thisUninitialised) {
                locals[0] = Opcodes.UNINITIALIZED_THIS; // keeps the verifier's "this not initialised" flag
            }
            locals[argumentSlots] = FRAMES;
            locals[argumentSlots + 1] = Opcodes.INTEGER;
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
        }
        // spotless:off
        // stack: throwable
        mv.visitVarInsn(ALOAD, framesLocal);                                              // stack: throwable, frames
        mv.visitVarInsn(ILOAD, frameLocal);                                               // stack: throwable, frames, int
        mv.visitMethodInsn(INVOKEVIRTUAL, FRAMES, "exitWithError", EXIT_WITH_ERROR.getDescriptor(), false);
                                                                                          // stack: throwable
        mv.visitInsn(ATHROW);                                                             // rethrown untouched
        // spotless:on
    }

    /** The woven method's code length in bytes; known once the class has been written. */
    int wovenLength() {
        return codeEnd.getOffset();
    }

    /** The original method's code length, from the woven one less the most that weaving adds. */
    int originalLengthAtLeast() {
        return wovenLength() - ENTRY_BYTES - EXIT_BYTES * exits - HANDLER_BYTES * (constructor ? 2 : 1);
    }
}
