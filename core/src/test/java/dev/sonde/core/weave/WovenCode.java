package dev.sonde.core.weave;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** What a woven class file says about itself, for the weaving tests. */
final class WovenCode {

    private WovenCode() {}

    /** Names of the methods that call the bridge, in class-file order. */
    static List<String> methodsCallingTheBridge(byte[] woven) {
        List<String> timed = new ArrayList<>();
        new ClassReader(woven)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(
                                            int opcode, String owner, String method, String desc, boolean itf) {
                                        if (owner.equals(TimingAdvice.BRIDGE) && !timed.contains(name)) {
                                            timed.add(name);
                                        }
                                    }
                                };
                            }
                        },
                        0);
        return timed;
    }
}
