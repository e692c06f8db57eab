package dev.sonde.tracer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites one method so that each invocation the tracer chooses records every instruction:
 * <pre>
 *   TraceBuffer rec = Trace.enter(id);            // null: not traced
 *   if (rec != null) goto TRACED;
 *   ORIGINAL: the method's code, untouched
 *   TRACED: rec.a(this); rec.i(arg0); …           // receiver and arguments
 *   before each instruction k:
 *       pop the stack into temporaries; rec.step(k); rec.x(value) for each, bottom to top;
 *       rec.x(local) for each readable local; push the temporaries back
 *       (before a return: rec.returned())
 *   handler (last in the exception table): rec.unwound(t); throw t
 * </pre>
 * Stack map frames of the traced copy gain the buffer local; the handler's frame lists only the
 * buffer, every other local being TOP. No frame is computed, so no class is ever loaded. Code inserted
 * before a {@code new} gets a fresh label right before the {@code new}, since frames name an
 * uninitialised value by the label of its {@code new}.
 */
public final class TracingWeaver {

    static final String BUFFER = "dev/sonde/bootstrap/TraceBuffer";
    static final String TRACE = "dev/sonde/bootstrap/Trace";

    /** How much each event carries, most first; less detail gives smaller code. */
    public enum Detail {
        /** The operand stack and the locals. */
        STACK_AND_LOCALS,
        /** The operand stack only, not the locals. */
        STACK,
        /** The instruction alone, no values. */
        INSTRUCTIONS
    }

    private TracingWeaver() {}

    /** Rewrites {@code method} in place; {@code instructions} is its analysis, one entry per real instruction. */
    public static void weave(String owner, MethodNode method, int id, List<Instruction> instructions, Detail detail) {
        weave(owner, method, id, instructions, detail, false);
    }

    /**
     * As above; with {@code follow}, each invoke instruction also hands the receiver (or null) to
     * {@code TraceBuffer.call}, for the tracer to follow the call into its callee.
     */
    public static void weave(
            String owner, MethodNode method, int id, List<Instruction> instructions, Detail detail, boolean follow) {
        int bufferSlot = method.maxLocals;
        int temporaries = bufferSlot + 1;
        boolean constructor = method.name.equals("<init>");

        Map<LabelNode, LabelNode> copies = new HashMap<>();
        for (AbstractInsnNode node : method.instructions) {
            if (node instanceof LabelNode) {
                copies.put((LabelNode) node, new LabelNode());
            }
        }
        InsnList original = new InsnList();
        for (AbstractInsnNode node : method.instructions) {
            original.add(node.clone(copies));
        }
        List<TryCatchBlockNode> originalHandlers = new ArrayList<>();
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            originalHandlers.add(new TryCatchBlockNode(
                    copies.get(block.start), copies.get(block.end), copies.get(block.handler), block.type));
        }

        // the traced copy: the method's own nodes, instrumented in place
        int maxTemporary = 0;
        LabelNode handlerStart = constructor ? null : new LabelNode();
        List<AbstractInsnNode> real = new ArrayList<>();
        for (AbstractInsnNode node : method.instructions) {
            if (node.getOpcode() >= 0) {
                real.add(node);
            }
        }
        for (AbstractInsnNode node : method.instructions) {
            if (node instanceof FrameNode) {
                withBuffer((FrameNode) node, bufferSlot);
            }
        }
        Map<LabelNode, LabelNode> renames = new HashMap<>();
        for (int k = 0; k < real.size(); k++) {
            AbstractInsnNode node = real.get(k);
            Instruction instruction = instructions.get(k);
            if (instruction.stack() == null) {
                continue; // unreachable: never runs, nothing to record
            }
            InsnList before = new InsnList();
            if (handlerStart == null && constructor && initialised(instruction)) {
                handlerStart = new LabelNode(); // after super(…): a handler may cover the rest
                before.add(handlerStart);
            }
            maxTemporary =
                    Math.max(maxTemporary, event(before, instruction, k, bufferSlot, temporaries, detail, follow));
            int opcode = node.getOpcode();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                before.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));
                before.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "returned", "()V"));
            }
            if (opcode == Opcodes.NEW) {
                LabelNode fresh = new LabelNode();
                before.add(fresh);
                for (LabelNode old : labelsBefore(node)) {
                    renames.put(old, fresh);
                }
            }
            method.instructions.insertBefore(node, before);
        }
        renameUninitialised(method, renames);

        boolean tracedStartsWithFrame = startsWithFrame(method.instructions);
        LabelNode tracedStart = new LabelNode();
        InsnList prologue = new InsnList();
        prologue.add(push(id));
        prologue.add(new MethodInsnNode(Opcodes.INVOKESTATIC, TRACE, "enter", "(I)L" + BUFFER + ";"));
        prologue.add(new InsnNode(Opcodes.DUP));
        prologue.add(new VarInsnNode(Opcodes.ASTORE, bufferSlot));
        // the original comes first: the jump over it stays short however large the traced copy grows (a jump
        // past 32 KiB makes ASM rewrite the whole class, computing frames, which is slow)
        prologue.add(new JumpInsnNode(Opcodes.IFNONNULL, tracedStart));
        prologue.add(original);
        prologue.add(tracedStart);
        InsnList arguments = new InsnList();
        int slot = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            arguments.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));
            if (constructor) {
                arguments.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "u", "()V"));
            } else {
                arguments.add(new VarInsnNode(Opcodes.ALOAD, 0));
                arguments.add(record(Kind.REFERENCE));
            }
            slot = 1;
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            Kind kind = Kind.of(argument);
            arguments.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));
            arguments.add(new VarInsnNode(load(kind), slot));
            arguments.add(record(kind));
            slot += argument.getSize();
        }
        if (arguments.size() > 0 || !tracedStartsWithFrame) {
            // else the traced copy's own first frame (which has the buffer) is the one here: no two at one offset
            FrameNode frame = initialFrame(owner, method);
            withBuffer(frame, bufferSlot);
            prologue.add(frame);
        }
        prologue.add(arguments);
        if (handlerStart != null && !constructor) {
            prologue.add(handlerStart);
        }
        method.instructions.insert(prologue);

        if (handlerStart != null) {
            InsnList epilogue = new InsnList();
            LabelNode handlerEnd = new LabelNode();
            LabelNode handler = new LabelNode();
            epilogue.add(handlerEnd);
            epilogue.add(handler);
            Object[] locals = new Object[bufferSlot + 1];
            java.util.Arrays.fill(locals, Opcodes.TOP);
            locals[bufferSlot] = BUFFER;
            epilogue.add(new FrameNode(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"}));
            // spotless:off
            epilogue.add(new InsnNode(Opcodes.DUP));                                  // stack: t, t
            epilogue.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));                // stack: t, t, rec
            epilogue.add(new InsnNode(Opcodes.SWAP));                                // stack: t, rec, t
            epilogue.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "unwound", "(Ljava/lang/Throwable;)V"));
            epilogue.add(new InsnNode(Opcodes.ATHROW));                              // stack: t, rethrown untouched
            // spotless:on
            method.tryCatchBlocks.add(new TryCatchBlockNode(handlerStart, handlerEnd, handler, null));
            method.instructions.add(epilogue);
        }
        method.tryCatchBlocks.addAll(method.tryCatchBlocks.size() - (handlerStart != null ? 1 : 0), originalHandlers);
        method.maxLocals = temporaries + maxTemporary;
        if (method.localVariables != null) {
            method.localVariables = new ArrayList<>(method.localVariables); // they describe the traced copy
        }
    }

    /** Emits the event before one instruction; returns the temporary slots it used. */
    private static int event(
            InsnList code,
            Instruction instruction,
            int index,
            int bufferSlot,
            int temporaries,
            Detail detail,
            boolean follow) {
        List<Kind> stack = instruction.stack();
        boolean values = detail != Detail.INSTRUCTIONS;
        int[] slots = new int[stack.size()];
        int used = 0;
        for (int s = 0; s < stack.size(); s++) {
            slots[s] = temporaries + used;
            used += size(stack.get(s));
        }
        if (values) {
            for (int s = stack.size() - 1; s >= 0; s--) {
                code.add(new VarInsnNode(store(stack.get(s)), slots[s])); // stack: shrinks to empty
            }
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));
        code.add(push(index));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "step", "(I)V"));
        if (values) {
            for (int s = 0; s < stack.size(); s++) {
                emit(code, stack.get(s), slots[s], bufferSlot);
            }
            if (detail == Detail.STACK_AND_LOCALS) {
                for (Instruction.Local local : instruction.locals()) {
                    emit(code, local.kind(), local.slot(), bufferSlot);
                }
            }
            if (follow && instruction.call() != null) {
                int receiver = instruction.call().receiver();
                code.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));
                if (receiver >= 0 && stack.get(receiver) == Kind.REFERENCE) {
                    code.add(new VarInsnNode(Opcodes.ALOAD, slots[receiver]));
                } else {
                    code.add(new InsnNode(Opcodes.ACONST_NULL));
                }
                code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "call", "(Ljava/lang/Object;)V"));
            }
            for (int s = 0; s < stack.size(); s++) {
                code.add(new VarInsnNode(load(stack.get(s)), slots[s])); // stack: as it was
            }
        } else if (follow && instruction.call() != null) {
            code.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));
            code.add(new InsnNode(Opcodes.ACONST_NULL));
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "call", "(Ljava/lang/Object;)V"));
        }
        return values ? used : 0;
    }

    private static void emit(InsnList code, Kind kind, int slot, int bufferSlot) {
        code.add(new VarInsnNode(Opcodes.ALOAD, bufferSlot));
        if (kind == Kind.UNINITIALIZED) {
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "u", "()V"));
        } else {
            code.add(new VarInsnNode(load(kind), slot));
            code.add(record(kind));
        }
    }

    private static MethodInsnNode record(Kind kind) {
        switch (kind) {
            case INT:
                return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "i", "(I)V");
            case LONG:
                return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "j", "(J)V");
            case FLOAT:
                return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "f", "(F)V");
            case DOUBLE:
                return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "d", "(D)V");
            default:
                return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, BUFFER, "a", "(Ljava/lang/Object;)V");
        }
    }

    private static int load(Kind kind) {
        switch (kind) {
            case INT:
                return Opcodes.ILOAD;
            case LONG:
                return Opcodes.LLOAD;
            case FLOAT:
                return Opcodes.FLOAD;
            case DOUBLE:
                return Opcodes.DLOAD;
            default:
                return Opcodes.ALOAD;
        }
    }

    private static int store(Kind kind) {
        return load(kind) - Opcodes.ILOAD + Opcodes.ISTORE;
    }

    private static int size(Kind kind) {
        return kind == Kind.LONG || kind == Kind.DOUBLE ? 2 : 1;
    }

    private static AbstractInsnNode push(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }

    /** Whether {@code this} has been initialised (a constructor's super(…) or this(…) call is done). */
    private static boolean initialised(Instruction instruction) {
        for (Instruction.Local local : instruction.locals()) {
            if (local.slot() == 0) {
                return local.kind() == Kind.REFERENCE;
            }
        }
        return false;
    }

    /** Adds the buffer local to a frame of the traced copy (expanded form: a long or double is one entry). */
    private static void withBuffer(FrameNode frame, int bufferSlot) {
        List<Object> locals = frame.local == null ? new ArrayList<>() : new ArrayList<>(frame.local);
        int slot = 0;
        for (Object local : locals) {
            slot += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
        }
        while (slot < bufferSlot) {
            locals.add(Opcodes.TOP);
            slot++;
        }
        locals.add(BUFFER);
        frame.local = locals;
    }

    /** The labels (and line numbers, frames) right before a node: an uninitialised type may name any of them. */
    private static List<LabelNode> labelsBefore(AbstractInsnNode node) {
        List<LabelNode> labels = new ArrayList<>();
        for (AbstractInsnNode previous = node.getPrevious();
                previous != null && previous.getOpcode() < 0;
                previous = previous.getPrevious()) {
            if (previous instanceof LabelNode) {
                labels.add((LabelNode) previous);
            }
        }
        return labels;
    }

    /** Renames, in every frame, the uninitialised values named by a label that now stands before inserted code. */
    private static void renameUninitialised(MethodNode method, Map<LabelNode, LabelNode> renames) {
        if (renames.isEmpty()) {
            return;
        }
        for (AbstractInsnNode node : method.instructions) {
            if (node instanceof FrameNode) {
                FrameNode frame = (FrameNode) node;
                frame.local = renamed(frame.local, renames);
                frame.stack = renamed(frame.stack, renames);
            }
        }
    }

    private static List<Object> renamed(List<Object> values, Map<LabelNode, LabelNode> renames) {
        if (values == null) {
            return null;
        }
        List<Object> renamed = null;
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            LabelNode fresh = value instanceof LabelNode ? renames.get(value) : null;
            if (fresh != null) {
                if (renamed == null) {
                    renamed = new ArrayList<>(values);
                }
                renamed.set(i, fresh);
            }
        }
        return renamed == null ? values : renamed;
    }

    private static boolean startsWithFrame(InsnList code) {
        for (AbstractInsnNode node : code) {
            if (node instanceof FrameNode) {
                return true;
            }
            if (!(node instanceof LabelNode) && !(node instanceof LineNumberNode)) {
                return false;
            }
        }
        return false;
    }

    private static FrameNode initialFrame(String owner, MethodNode method) {
        List<Object> locals = new ArrayList<>();
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            locals.add(method.name.equals("<init>") ? Opcodes.UNINITIALIZED_THIS : owner);
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            switch (argument.getSort()) {
                case Type.LONG:
                    locals.add(Opcodes.LONG);
                    break;
                case Type.FLOAT:
                    locals.add(Opcodes.FLOAT);
                    break;
                case Type.DOUBLE:
                    locals.add(Opcodes.DOUBLE);
                    break;
                case Type.OBJECT:
                    locals.add(argument.getInternalName());
                    break;
                case Type.ARRAY:
                    locals.add(argument.getDescriptor());
                    break;
                default:
                    locals.add(Opcodes.INTEGER);
            }
        }
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]);
    }
}
