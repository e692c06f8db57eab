package dev.sonde.core.timing;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Methods too small to be worth timing: no call, no loop, no lock, no exception handler, and at most
 * {@link #MAX_INSTRUCTIONS} instructions: accessors, constant returns, a comparison or two. Such a
 * method costs a few nanoseconds, which the JIT inlines into its callers; timing each call would cost
 * ten times that and charge it to every caller above. They are left out of timing, and counted.
 */
final class SmallMethods extends ClassVisitor {

    /** Most instructions a small method has; a getter has 3, a setter 4. */
    static final int MAX_INSTRUCTIONS = 12;

    /** What the report says a small method is. */
    static final String RULE =
            "no call, no loop, no lock, no exception handler, at most " + MAX_INSTRUCTIONS + " bytecode instructions";

    private final Set<String> candidates;
    private final Set<String> small = new HashSet<>();

    private SmallMethods(Set<String> candidates) {
        super(Opcodes.ASM9);
        this.candidates = candidates;
    }

    /** Which of {@code candidates} ({@code name + descriptor}) are small, in the class file {@code bytes}. */
    static Set<String> of(byte[] bytes, Set<String> candidates) {
        SmallMethods visitor = new SmallMethods(candidates);
        new ClassReader(bytes).accept(visitor, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return visitor.small;
    }

    @Override
    public MethodVisitor visitMethod(
            int access, String name, String descriptor, String signature, String[] exceptions) {
        String key = name + descriptor;
        if (!candidates.contains(key) || (access & Opcodes.ACC_SYNCHRONIZED) != 0 || name.startsWith("<")) {
            return null;
        }
        return new Counter(key);
    }

    /** Counts a method's instructions and gives up at the first sign it is not small. */
    private final class Counter extends MethodVisitor {
        private final String key;
        private final Set<Label> seen = new HashSet<>();
        private int instructions;
        private boolean large;

        Counter(String key) {
            super(Opcodes.ASM9);
            this.key = key;
        }

        private void count() {
            if (++instructions > MAX_INSTRUCTIONS) {
                large = true;
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.MONITORENTER) {
                large = true;
            }
            count();
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            count();
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            count();
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            count();
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            count();
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            large = true;
        }

        @Override
        public void visitInvokeDynamicInsn(
                String name, String descriptor, Handle bootstrapMethodHandle, Object... bootstrapMethodArguments) {
            large = true;
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                large = true; // a jump back: a loop
            }
            count();
        }

        @Override
        public void visitLdcInsn(Object value) {
            count();
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            count();
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            jumps(dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            jumps(dflt, labels);
        }

        private void jumps(Label dflt, Label[] labels) {
            if (seen.contains(dflt)) {
                large = true;
            }
            for (Label label : labels) {
                if (seen.contains(label)) {
                    large = true;
                }
            }
            count();
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            count();
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            large = true;
        }

        @Override
        public void visitEnd() {
            if (!large && instructions > 0) {
                small.add(key);
            }
        }
    }
}
