package dev.sonde.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/** What a class file says about itself: the types it names, the methods that call an owner, its invokedynamic sites. */
public final class WovenCode {

    private WovenCode() {}

    /** Internal names of every type the class file names anywhere (constant pool, signatures, frames). */
    public static Set<String> referencedTypes(byte[] classFile) {
        Set<String> types = new TreeSet<>();
        new ClassReader(classFile)
                .accept(
                        new ClassRemapper(new ClassWriter(0), new Remapper(Opcodes.ASM9) {
                            @Override
                            public String map(String internalName) {
                                types.add(internalName);
                                return internalName;
                            }
                        }),
                        0);
        return types;
    }

    /** The types the woven class names that the original did not: what weaving made it reach. */
    public static Set<String> typesAdded(byte[] original, byte[] woven) {
        Set<String> added = referencedTypes(woven);
        added.removeAll(referencedTypes(original));
        return added;
    }

    /**
     * The types weaving added that are neither JDK types ({@code java/}, {@code jdk/}) nor in one of the
     * allowed packages (internal-name prefixes, e.g. {@code dev/sonde/bootstrap/}): empty when woven code
     * reaches only what it may.
     */
    public static Set<String> typesAddedBeyond(byte[] original, byte[] woven, String... allowedPrefixes) {
        Set<String> beyond = new TreeSet<>();
        for (String type : typesAdded(original, woven)) {
            boolean allowed = type.startsWith("java/") || type.startsWith("jdk/");
            for (String prefix : allowedPrefixes) {
                allowed |= type.startsWith(prefix);
            }
            if (!allowed) {
                beyond.add(type);
            }
        }
        return beyond;
    }

    /** Names of the methods that call a method of {@code owner} (an internal name), in class-file order. */
    public static List<String> methodsCalling(byte[] classFile, String owner) {
        List<String> callers = new ArrayList<>();
        new ClassReader(classFile)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(
                                            int opcode, String target, String method, String desc, boolean itf) {
                                        if (target.equals(owner) && !callers.contains(name)) {
                                            callers.add(name);
                                        }
                                    }
                                };
                            }
                        },
                        0);
        return callers;
    }

    /**
     * Each invokedynamic instruction of the class file, as {@code method: bootstrap owner.name} (string
     * concatenation, lambdas and method references, records' methods all compile to one).
     */
    public static List<String> invokedynamicSites(byte[] classFile) {
        List<String> sites = new ArrayList<>();
        new ClassReader(classFile)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitInvokeDynamicInsn(
                                            String indyName,
                                            String indyDescriptor,
                                            Handle bootstrap,
                                            Object... arguments) {
                                        sites.add(name + descriptor + ": " + bootstrap.getOwner() + "."
                                                + bootstrap.getName());
                                    }
                                };
                            }
                        },
                        0);
        return sites;
    }
}
