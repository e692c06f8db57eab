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
 */
public record Instruction(int index, int offset, String mnemonic, String operands, List<Kind> stack,
        List<Local> locals) {

    /** A local variable slot that the verifier lets the tracer read at this instruction. */
    public record Local(int slot, String name, Kind kind) {
    }
}
