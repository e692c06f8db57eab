package dev.sonde.tracer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Describes every instruction of a method the way the trace shows it, and what may be recorded before
 * it: the kinds of the operand stack values (from a flow analysis) and the locals that the verifier
 * lets code read there. The second is not the flow analysis's answer: javac's stack map frames drop
 * locals that went out of scope, and reading one of those fails verification; so locals are taken
 * from the declared frames, as the verifier sees them, and kept only where the flow analysis agrees.
 *
 * <p>The method must have been read with {@link ClassReader#EXPAND_FRAMES} and, if the class is older
 * than Java 6, with its subroutines inlined.
 */
public final class MethodAnalysis {

    private static final int STRING_LIMIT = 60;

    private MethodAnalysis() {}

    /**
     * One {@link Instruction} per real instruction of {@code method}, in order; unreachable
     * instructions have a null stack.
     */
    public static List<Instruction> analyze(ClassReader reader, String owner, MethodNode method)
            throws AnalyzerException {
        int[][] raw = Bytecode.instructions(reader, method.name, method.desc);
        boolean constructor = method.name.equals("<init>");
        Analyzer<BasicValue> analyzer = new Analyzer<>(new KindInterpreter(constructor)) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new KindInterpreter.TrackingFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                return new KindInterpreter.TrackingFrame(frame);
            }
        };
        Frame<BasicValue>[] frames = analyzer.analyze(owner, method);
        Map<LabelNode, Integer> labelOffsets = labelOffsets(method, raw);
        boolean declaredFrames = (reader.readShort(6) & 0xFFFF) >= Opcodes.V1_6;
        Kind[] view = initialLocals(method, owner, constructor);
        List<Instruction> instructions = new ArrayList<>();
        int real = 0;
        int line = -1;
        for (int p = 0; p < method.instructions.size(); p++) {
            AbstractInsnNode node = method.instructions.get(p);
            if (node instanceof org.objectweb.asm.tree.LineNumberNode) {
                line = ((org.objectweb.asm.tree.LineNumberNode) node).line;
                continue;
            }
            if (node instanceof FrameNode) {
                view = fromFrame((FrameNode) node, method.maxLocals);
                continue;
            }
            if (node.getOpcode() < 0) {
                continue;
            }
            Frame<BasicValue> frame = frames[p];
            int offset = raw == null ? -1 : raw[0][real];
            String mnemonic = raw == null ? "" : Bytecode.MNEMONICS[raw[1][real]];
            String operands = operands(method, node, p, labelOffsets);
            if (frame == null) {
                instructions.add(new Instruction(real, offset, mnemonic, operands, null, List.of(), null, line));
            } else {
                List<Kind> stack = new ArrayList<>();
                for (int i = 0; i < frame.getStackSize(); i++) {
                    Kind kind = KindInterpreter.kind(frame.getStack(i));
                    if (kind == null) {
                        // the weaver could neither store nor record it; say where, rather than fail later
                        throw new AnalyzerException(
                                node,
                                "value " + i + " of the operand stack at offset " + offset + " (" + mnemonic
                                        + ") is of no kind the tracer can record: " + frame.getStack(i));
                    }
                    stack.add(kind);
                }
                List<Instruction.Local> locals = new ArrayList<>();
                for (int slot = 0; slot < frame.getLocals(); slot++) {
                    Kind flow = KindInterpreter.kind(frame.getLocal(slot));
                    if (declaredFrames && view[slot] == Kind.UNINITIALIZED && flow == Kind.REFERENCE) {
                        view[slot] = Kind.REFERENCE; // a constructor ran on it, as the verifier also notes
                    }
                    Kind declared = declaredFrames ? view[slot] : flow;
                    if (flow != null && flow == declared) {
                        LocalVariableNode variable = localVariable(method, slot, p);
                        locals.add(new Instruction.Local(
                                slot,
                                variable == null ? null : variable.name,
                                variable == null ? null : variable.desc,
                                flow));
                    }
                }
                instructions.add(new Instruction(
                        real,
                        offset,
                        mnemonic,
                        operands,
                        Collections.unmodifiableList(stack),
                        Collections.unmodifiableList(locals),
                        call(node, stack.size()),
                        line));
                applyStore(node, frame, view);
            }
            real++;
        }
        return instructions;
    }

    private static Instruction.Call call(AbstractInsnNode node, int stackSize) {
        if (node instanceof MethodInsnNode) {
            MethodInsnNode insn = (MethodInsnNode) node;
            int arguments = Type.getArgumentTypes(insn.desc).length;
            boolean hasReceiver = insn.getOpcode() != Opcodes.INVOKESTATIC;
            boolean virtual = insn.getOpcode() == Opcodes.INVOKEVIRTUAL || insn.getOpcode() == Opcodes.INVOKEINTERFACE;
            return new Instruction.Call(
                    insn.getOpcode(),
                    insn.owner,
                    insn.name,
                    insn.desc,
                    virtual,
                    hasReceiver ? stackSize - 1 - arguments : -1);
        }
        if (node instanceof InvokeDynamicInsnNode) {
            InvokeDynamicInsnNode insn = (InvokeDynamicInsnNode) node;
            if (insn.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")
                    && insn.bsmArgs.length > 1
                    && insn.bsmArgs[1] instanceof Handle) {
                Handle body = (Handle) insn.bsmArgs[1];
                return new Instruction.Call(
                        Opcodes.INVOKEDYNAMIC, body.getOwner(), body.getName(), body.getDesc(), false, -1);
            }
            return new Instruction.Call(Opcodes.INVOKEDYNAMIC, null, insn.name, insn.desc, false, -1);
        }
        return null;
    }

    private static Kind[] initialLocals(MethodNode method, String owner, boolean constructor) {
        Kind[] view = new Kind[Math.max(1, method.maxLocals)];
        int slot = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            view[slot++] = constructor ? Kind.UNINITIALIZED : Kind.REFERENCE;
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            view[slot] = Kind.of(argument);
            slot += argument.getSize();
        }
        return view;
    }

    /** The locals of a stack map frame (expanded: one entry per value, a long or double taking one). */
    private static Kind[] fromFrame(FrameNode frame, int maxLocals) {
        Kind[] view = new Kind[Math.max(1, maxLocals)];
        int slot = 0;
        for (Object local : frame.local) {
            Kind kind = null;
            int size = 1;
            if (local == Opcodes.INTEGER) {
                kind = Kind.INT;
            } else if (local == Opcodes.FLOAT) {
                kind = Kind.FLOAT;
            } else if (local == Opcodes.LONG) {
                kind = Kind.LONG;
                size = 2;
            } else if (local == Opcodes.DOUBLE) {
                kind = Kind.DOUBLE;
                size = 2;
            } else if (local == Opcodes.NULL || local instanceof String) {
                kind = Kind.REFERENCE;
            } else if (local == Opcodes.UNINITIALIZED_THIS || local instanceof LabelNode) {
                kind = Kind.UNINITIALIZED;
            }
            if (slot < view.length) {
                view[slot] = kind;
            }
            slot += size;
        }
        return view;
    }

    private static void applyStore(AbstractInsnNode node, Frame<BasicValue> before, Kind[] view) {
        int opcode = node.getOpcode();
        if (opcode < Opcodes.ISTORE || opcode > Opcodes.ASTORE) {
            return;
        }
        int slot = ((VarInsnNode) node).var;
        Kind kind = KindInterpreter.kind(before.getStack(before.getStackSize() - 1));
        view[slot] = kind;
        if ((kind == Kind.LONG || kind == Kind.DOUBLE) && slot + 1 < view.length) {
            view[slot + 1] = null;
        }
        if (slot > 0 && (view[slot - 1] == Kind.LONG || view[slot - 1] == Kind.DOUBLE)) {
            view[slot - 1] = null; // overwrote the second half of a long or double
        }
    }

    private static Map<LabelNode, Integer> labelOffsets(MethodNode method, int[][] raw) {
        Map<LabelNode, Integer> offsets = new HashMap<>();
        List<LabelNode> pending = new ArrayList<>();
        int real = 0;
        for (AbstractInsnNode node : method.instructions) {
            if (node instanceof LabelNode) {
                pending.add((LabelNode) node);
            } else if (node.getOpcode() >= 0) {
                for (LabelNode label : pending) {
                    offsets.put(label, raw == null ? real : raw[0][real]);
                }
                pending.clear();
                real++;
            }
        }
        return offsets;
    }

    private static String localName(MethodNode method, int slot, int position) {
        LocalVariableNode variable = localVariable(method, slot, position);
        return variable == null ? null : variable.name;
    }

    /** The local variable table's entry for {@code slot} at {@code position}, or null. */
    private static LocalVariableNode localVariable(MethodNode method, int slot, int position) {
        if (method.localVariables == null) {
            return null;
        }
        for (LocalVariableNode variable : method.localVariables) {
            if (variable.index == slot
                    && method.instructions.indexOf(variable.start) <= position
                    && position < method.instructions.indexOf(variable.end)) {
                return variable;
            }
        }
        return null;
    }

    private static String operands(
            MethodNode method, AbstractInsnNode node, int position, Map<LabelNode, Integer> labels) {
        switch (node.getType()) {
            case AbstractInsnNode.VAR_INSN: {
                int slot = ((VarInsnNode) node).var;
                boolean store = node.getOpcode() >= Opcodes.ISTORE && node.getOpcode() <= Opcodes.ASTORE;
                String name = localName(method, slot, store ? position + 1 : position);
                return name == null ? Integer.toString(slot) : name;
            }
            case AbstractInsnNode.IINC_INSN: {
                IincInsnNode iinc = (IincInsnNode) node;
                String name = localName(method, iinc.var, position);
                return (name == null ? Integer.toString(iinc.var) : name) + ", " + iinc.incr;
            }
            case AbstractInsnNode.INT_INSN: {
                IntInsnNode insn = (IntInsnNode) node;
                return insn.getOpcode() == Opcodes.NEWARRAY ? arrayType(insn.operand) : Integer.toString(insn.operand);
            }
            case AbstractInsnNode.LDC_INSN:
                return constant(((LdcInsnNode) node).cst);
            case AbstractInsnNode.JUMP_INSN:
                return Integer.toString(labels.get(((JumpInsnNode) node).label));
            case AbstractInsnNode.TABLESWITCH_INSN: {
                TableSwitchInsnNode insn = (TableSwitchInsnNode) node;
                StringBuilder text = new StringBuilder("{ ");
                for (int i = 0; i < insn.labels.size(); i++) {
                    text.append(insn.min + i)
                            .append(": ")
                            .append(labels.get(insn.labels.get(i)))
                            .append(", ");
                }
                return text.append("default: ")
                        .append(labels.get(insn.dflt))
                        .append(" }")
                        .toString();
            }
            case AbstractInsnNode.LOOKUPSWITCH_INSN: {
                LookupSwitchInsnNode insn = (LookupSwitchInsnNode) node;
                StringBuilder text = new StringBuilder("{ ");
                for (int i = 0; i < insn.labels.size(); i++) {
                    text.append(insn.keys.get(i))
                            .append(": ")
                            .append(labels.get(insn.labels.get(i)))
                            .append(", ");
                }
                return text.append("default: ")
                        .append(labels.get(insn.dflt))
                        .append(" }")
                        .toString();
            }
            case AbstractInsnNode.FIELD_INSN: {
                FieldInsnNode insn = (FieldInsnNode) node;
                return insn.owner + "." + insn.name + ":" + insn.desc;
            }
            case AbstractInsnNode.METHOD_INSN: {
                MethodInsnNode insn = (MethodInsnNode) node;
                return insn.owner + "." + insn.name + ":" + insn.desc;
            }
            case AbstractInsnNode.INVOKE_DYNAMIC_INSN: {
                InvokeDynamicInsnNode insn = (InvokeDynamicInsnNode) node;
                String text = insn.name + ":" + insn.desc;
                for (Object argument : insn.bsmArgs) {
                    if (argument instanceof Handle) {
                        Handle target = (Handle) argument;
                        return text + " -> " + target.getOwner() + "." + target.getName() + ":" + target.getDesc();
                    }
                }
                return text;
            }
            case AbstractInsnNode.TYPE_INSN:
                return ((TypeInsnNode) node).desc;
            case AbstractInsnNode.MULTIANEWARRAY_INSN: {
                MultiANewArrayInsnNode insn = (MultiANewArrayInsnNode) node;
                return insn.desc + ", " + insn.dims;
            }
            default:
                return "";
        }
    }

    private static String arrayType(int code) {
        switch (code) {
            case Opcodes.T_BOOLEAN:
                return "boolean";
            case Opcodes.T_CHAR:
                return "char";
            case Opcodes.T_FLOAT:
                return "float";
            case Opcodes.T_DOUBLE:
                return "double";
            case Opcodes.T_BYTE:
                return "byte";
            case Opcodes.T_SHORT:
                return "short";
            case Opcodes.T_INT:
                return "int";
            default:
                return "long";
        }
    }

    static String constant(Object value) {
        if (value instanceof String) {
            return quote((String) value);
        }
        if (value instanceof Float) {
            return value + "f";
        }
        if (value instanceof Long) {
            return value + "L";
        }
        if (value instanceof Double) {
            return value + "d";
        }
        if (value instanceof Type) {
            Type type = (Type) value;
            return type.getSort() == Type.METHOD ? type.getDescriptor() : type.getClassName() + ".class";
        }
        if (value instanceof Handle) {
            Handle handle = (Handle) value;
            return handle.getOwner() + "." + handle.getName() + ":" + handle.getDesc();
        }
        if (value instanceof ConstantDynamic) {
            return ((ConstantDynamic) value).getName() + ":" + ((ConstantDynamic) value).getDescriptor();
        }
        return String.valueOf(value);
    }

    /** A string as Java source would write it, cut after {@value #STRING_LIMIT} characters. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        int end = Math.min(text.length(), STRING_LIMIT);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    quoted.append("\\\"");
                    break;
                case '\\':
                    quoted.append("\\\\");
                    break;
                case '\n':
                    quoted.append("\\n");
                    break;
                case '\r':
                    quoted.append("\\r");
                    break;
                case '\t':
                    quoted.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
            }
        }
        quoted.append('"');
        if (text.length() > STRING_LIMIT) {
            quoted.append("...(").append(text.length()).append(" chars)");
        }
        return quoted.toString();
    }
}
