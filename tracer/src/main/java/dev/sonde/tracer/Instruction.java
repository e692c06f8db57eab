package dev.sonde.tracer;

import java.util.List;

/**
 * One instruction of a traced method as the trace shows it, with what is recorded before it runs.
 *
 * @param index position among the method's instructions, from 0
 * @param offset bytecode offset, as {@code javap -c} shows it
 * @param mnemonic javap's lower-case mnemonic, e.g. {@code iload_1}
 * @param operands operands in readable form: local names, jump targets, constants, members
 * @param stack kinds of the operand stack values before the instruction, bottom to top
 * @param locals the local variables recorded before the instruction
 * @param call for an invoke instruction, what it calls; otherwise null
 * @param line the source line, or -1 without debug information
 */
public record Instruction(
        int index,
        int offset,
        String mnemonic,
        String operands,
        List<Kind> stack,
        List<Local> locals,
        Call call,
        int line) {

    /**
     * The method an invoke instruction names: {@code owner} (internal name), {@code name},
     * {@code descriptor}; for invokedynamic, the lambda body, or null names when it has none. {@code virtual}
     * when the receiver's runtime class decides; {@code receiver} is its index on the stack, or -1.
     */
    public record Call(int opcode, String owner, String name, String descriptor, boolean virtual, int receiver) {}

    /** A local variable slot that the verifier lets the tracer read at this instruction. */
    public record Local(int slot, String name, Kind kind) {}
}
