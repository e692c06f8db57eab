package dev.sonde.core.timing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;

/** Passes a class through, weaving {@link TimingAdvice} into the methods given with their ids. */
final class TimingClassVisitor extends ClassVisitor {

    private final Map<String, Integer> idsByNameAndDescriptor;
    private final Set<String> skipped;
    private final Map<String, Integer> switchable;
    private final Map<String, TimingAdvice> woven = new LinkedHashMap<>();
    private boolean writeFrames;
    private boolean oldClassFile;

    /**
     * @param idsByNameAndDescriptor method id for each {@code name + descriptor} to weave
     * @param skipped {@code name + descriptor} of methods to leave alone (for instance, too large once woven)
     * @param switchable the counter of each method woven with both paths, by {@code name + descriptor}:
     *     counted or timed as its flag says at each call; the others are woven to be timed only
     */
    TimingClassVisitor(
            ClassVisitor next,
            Map<String, Integer> idsByNameAndDescriptor,
            Set<String> skipped,
            Map<String, Integer> switchable) {
        super(Opcodes.ASM9, next);
        this.idsByNameAndDescriptor = idsByNameAndDescriptor;
        this.skipped = skipped;
        this.switchable = switchable;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        int major = version & 0xFFFF;
        writeFrames = major >= Opcodes.V1_6;
        oldClassFile = major < Opcodes.V1_6;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(
            int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        Integer id = idsByNameAndDescriptor.get(name + descriptor);
        if (id == null || next == null || skipped.contains(name + descriptor)) {
            return next;
        }
        Integer either = switchable.get(name + descriptor);
        TimingAdvice advice =
                new TimingAdvice(next, access, name, descriptor, id, either == null ? -1 : either, writeFrames);
        woven.put(name + descriptor, advice);
        // subroutines (JSR/RET, before Java 6) would defeat the local-variable bookkeeping: inline them first
        return oldClassFile ? new JSRInlinerAdapter(advice, access, name, descriptor, signature, exceptions) : advice;
    }

    /** The methods woven, by {@code name + descriptor}, to ask their lengths once the class is written. */
    Map<String, TimingAdvice> woven() {
        return woven;
    }
}
