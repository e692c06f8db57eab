package dev.sonde.tracer;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The raw code of a method as the class file holds it: the offset and opcode of every instruction,
 * which is what {@code javap -c} shows and what ASM's tree API abstracts away ({@code iload_1} and
 * {@code iload 1} become one node, {@code goto_w} becomes {@code goto}). Instructions come in the same
 * order, one for one, as ASM's real instruction nodes.
 */
final class Bytecode {

    private Bytecode() {}

    /** Offsets and opcodes of the method's instructions, or null when it has no code. */
    static int[][] instructions(ClassReader reader, String name, String descriptor) {
        int code = codeAttribute(reader, name, descriptor);
        if (code < 0) {
            return null;
        }
        int length = reader.readInt(code + 4);
        int start = code + 8;
        int[] offsets = new int[length];
        int[] opcodes = new int[length];
        int count = 0;
        int pc = 0;
        while (pc < length) {
            int opcode = reader.readByte(start + pc);
            offsets[count] = pc;
            opcodes[count] = opcode;
            count++;
            pc += size(reader, start, pc, opcode);
        }
        return new int[][] {java.util.Arrays.copyOf(offsets, count), java.util.Arrays.copyOf(opcodes, count)};
    }

    /** The length of the method's code in bytes, or -1 when it has none. */
    static int codeLength(ClassReader reader, String name, String descriptor) {
        int code = codeAttribute(reader, name, descriptor);
        return code < 0 ? -1 : reader.readInt(code + 4);
    }

    /**
     * The least and the most bytes the instructions can take once written, without writing them: exact
     * but for an ldc (one byte more once the constant pool passes 255 entries), switch padding, and jumps
     * in code past 32 KiB (a forward jump may become goto_w, or an inverted if over one).
     */
    static int[] codeLengthBounds(InsnList instructions) {
        int least = 0;
        int ldcs = 0;
        int switches = 0;
        int jumps = 0;
        for (AbstractInsnNode node : instructions) {
            int opcode = node.getOpcode();
            switch (node.getType()) {
                case AbstractInsnNode.INSN:
                    least += 1;
                    break;
                case AbstractInsnNode.VAR_INSN: {
                    int slot = ((VarInsnNode) node).var;
                    least += slot < 4 && opcode != Opcodes.RET ? 1 : slot <= 255 ? 2 : 4;
                    break;
                }
                case AbstractInsnNode.IINC_INSN: {
                    IincInsnNode iinc = (IincInsnNode) node;
                    least += iinc.var <= 255 && iinc.incr >= Byte.MIN_VALUE && iinc.incr <= Byte.MAX_VALUE ? 3 : 6;
                    break;
                }
                case AbstractInsnNode.INT_INSN:
                    least += opcode == Opcodes.SIPUSH ? 3 : 2;
                    break;
                case AbstractInsnNode.LDC_INSN: {
                    Object constant = ((LdcInsnNode) node).cst;
                    if (constant instanceof Long || constant instanceof Double) {
                        least += 3; // ldc2_w
                    } else {
                        least += 2;
                        ldcs++;
                    }
                    break;
                }
                case AbstractInsnNode.METHOD_INSN:
                    least += opcode == Opcodes.INVOKEINTERFACE ? 5 : 3;
                    break;
                case AbstractInsnNode.INVOKE_DYNAMIC_INSN:
                    least += 5;
                    break;
                case AbstractInsnNode.MULTIANEWARRAY_INSN:
                    least += 4;
                    break;
                case AbstractInsnNode.JUMP_INSN:
                    least += 3;
                    jumps++;
                    break;
                case AbstractInsnNode.TABLESWITCH_INSN:
                    least += 13 + 4 * ((TableSwitchInsnNode) node).labels.size();
                    switches++;
                    break;
                case AbstractInsnNode.LOOKUPSWITCH_INSN:
                    least += 9 + 8 * ((LookupSwitchInsnNode) node).labels.size();
                    switches++;
                    break;
                case AbstractInsnNode.TYPE_INSN:
                case AbstractInsnNode.FIELD_INSN:
                    least += 3;
                    break;
                default:
                    break; // labels, line numbers, frames
            }
        }
        int most = least + ldcs + 3 * switches;
        if (most > Short.MAX_VALUE) {
            most += 5 * jumps; // if<not cond> over a goto_w, at worst
        }
        return new int[] {least, most};
    }

    /** The offset in the class file of the method's Code attribute's max_stack field, or -1. */
    private static int codeAttribute(ClassReader reader, String name, String descriptor) {
        char[] buffer = new char[reader.getMaxStringLength()];
        int at = reader.header + 6;
        at += 2 + 2 * reader.readUnsignedShort(at); // interfaces
        int fields = reader.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < fields; i++) {
            at = skipMember(reader, at);
        }
        int methods = reader.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < methods; i++) {
            String methodName = reader.readUTF8(at + 2, buffer);
            String methodDescriptor = reader.readUTF8(at + 4, buffer);
            int attributes = reader.readUnsignedShort(at + 6);
            int attribute = at + 8;
            for (int a = 0; a < attributes; a++) {
                String attributeName = reader.readUTF8(attribute, buffer);
                int attributeLength = reader.readInt(attribute + 2);
                if (methodName.equals(name) && methodDescriptor.equals(descriptor) && attributeName.equals("Code")) {
                    return attribute + 6;
                }
                attribute += 6 + attributeLength;
            }
            at = attribute;
        }
        return -1;
    }

    private static int skipMember(ClassReader reader, int at) {
        int attributes = reader.readUnsignedShort(at + 6);
        int attribute = at + 8;
        for (int a = 0; a < attributes; a++) {
            attribute += 6 + reader.readInt(attribute + 2);
        }
        return attribute;
    }

    /** Length of the instruction at {@code pc}, per the JVM specification, chapter 6. */
    private static int size(ClassReader reader, int start, int pc, int opcode) {
        switch (opcode) {
            case 16:
            case 18:
            case 21:
            case 22:
            case 23:
            case 24:
            case 25:
            case 54:
            case 55:
            case 56:
            case 57:
            case 58:
            case 169:
            case 188:
                return 2; // bipush, ldc, xload, xstore, ret, newarray
            case 17:
            case 19:
            case 20:
            case 132:
            case 167:
            case 168:
            case 178:
            case 179:
            case 180:
            case 181:
            case 182:
            case 183:
            case 184:
            case 187:
            case 189:
            case 192:
            case 193:
            case 198:
            case 199:
                return 3;
            case 185:
            case 186:
            case 200:
            case 201:
                return 5; // invokeinterface, invokedynamic, goto_w, jsr_w
            case 197:
                return 4; // multianewarray
            case 196:
                return reader.readByte(start + pc + 1) == 132 ? 6 : 4; // wide
            case 170: { // tableswitch
                int at = (pc + 4) & ~3;
                int low = reader.readInt(start + at + 4);
                int high = reader.readInt(start + at + 8);
                return at - pc + 12 + 4 * (high - low + 1);
            }
            case 171: { // lookupswitch
                int at = (pc + 4) & ~3;
                int pairs = reader.readInt(start + at + 4);
                return at - pc + 8 + 8 * pairs;
            }
            default:
                if (opcode >= 153 && opcode <= 166) {
                    return 3; // if<cond>, if_icmp<cond>, if_acmp<cond>
                }
                return 1;
        }
    }

    /** The mnemonics of the JVM specification, by opcode, as javap prints them. */
    static final String[] MNEMONICS =
            ("nop aconst_null iconst_m1 iconst_0 iconst_1 iconst_2 iconst_3 iconst_4 iconst_5 lconst_0 lconst_1 "
                            + "fconst_0 fconst_1 fconst_2 dconst_0 dconst_1 bipush sipush ldc ldc_w ldc2_w iload lload fload dload "
                            + "aload iload_0 iload_1 iload_2 iload_3 lload_0 lload_1 lload_2 lload_3 fload_0 fload_1 fload_2 "
                            + "fload_3 dload_0 dload_1 dload_2 dload_3 aload_0 aload_1 aload_2 aload_3 iaload laload faload daload "
                            + "aaload baload caload saload istore lstore fstore dstore astore istore_0 istore_1 istore_2 istore_3 "
                            + "lstore_0 lstore_1 lstore_2 lstore_3 fstore_0 fstore_1 fstore_2 fstore_3 dstore_0 dstore_1 dstore_2 "
                            + "dstore_3 astore_0 astore_1 astore_2 astore_3 iastore lastore fastore dastore aastore bastore castore "
                            + "sastore pop pop2 dup dup_x1 dup_x2 dup2 dup2_x1 dup2_x2 swap iadd ladd fadd dadd isub lsub fsub dsub "
                            + "imul lmul fmul dmul idiv ldiv fdiv ddiv irem lrem frem drem ineg lneg fneg dneg ishl lshl ishr lshr "
                            + "iushr lushr iand land ior lor ixor lxor iinc i2l i2f i2d l2i l2f l2d f2i f2l f2d d2i d2l d2f i2b i2c "
                            + "i2s lcmp fcmpl fcmpg dcmpl dcmpg ifeq ifne iflt ifge ifgt ifle if_icmpeq if_icmpne if_icmplt if_icmpge "
                            + "if_icmpgt if_icmple if_acmpeq if_acmpne goto jsr ret tableswitch lookupswitch ireturn lreturn freturn "
                            + "dreturn areturn return getstatic putstatic getfield putfield invokevirtual invokespecial invokestatic "
                            + "invokeinterface invokedynamic new newarray anewarray arraylength athrow checkcast instanceof "
                            + "monitorenter monitorexit wide multianewarray ifnull ifnonnull goto_w jsr_w")
                    .split(" ");
}
