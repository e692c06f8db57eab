package dev.sonde.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Methods that tracing would take past the code-size limits get less detail, or are left alone; a method
 * the tracer cannot weave is left alone while the others of its class are traced. What is left alone is
 * noted for the trace files.
 */
class TracingLimitsTest {

    /** A static method of {@code blocks} × 11 bytes: a chain of compare-and-return blocks over three locals. */
    private static void method(ClassWriter writer, String name, int blocks) {
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "(III)I", null, null);
        method.visitCode();
        for (int i = 0; i < blocks; i++) {
            Label next = new Label();
            method.visitVarInsn(Opcodes.ILOAD, 0);
            method.visitIntInsn(Opcodes.SIPUSH, i);
            method.visitJumpInsn(Opcodes.IF_ICMPNE, next);
            method.visitVarInsn(Opcodes.ILOAD, 1);
            method.visitVarInsn(Opcodes.ILOAD, 2);
            method.visitInsn(Opcodes.IADD);
            method.visitInsn(Opcodes.IRETURN);
            method.visitLabel(next);
            method.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
        method.visitInsn(Opcodes.ICONST_0);
        method.visitInsn(Opcodes.IRETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }

    /** What the recorder holds for the trace files, each note as the text file says it. */
    private static List<String> notes(TraceRecorder recorder) {
        List<String> notes = new ArrayList<>();
        for (MethodNote note = recorder.nextNote(); note != null; note = recorder.nextNote()) {
            notes.add(note.sentence());
        }
        return notes;
    }

    private List<String> notes = List.of();

    private List<String> details(int... blocks) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "limits/Sizes", null, "java/lang/Object", null);
        for (int i = 0; i < blocks.length; i++) {
            method(writer, "m" + i, blocks[i]);
        }
        writer.visitEnd();
        TraceRecorder recorder = new TraceRecorder(1000, 0);
        TracingTransformer transformer = new TracingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse("limits.Sizes")), List.of()),
                recorder,
                module -> {},
                false);

        transformer.transform(null, null, "limits/Sizes", null, null, writer.toByteArray());
        // woven again, as following a call into the class does: the same choices, not said again
        transformer.transform(null, null, "limits/Sizes", null, null, writer.toByteArray());

        List<String> latest = new ArrayList<>();
        for (int i = 0; i < blocks.length; i++) {
            Integer id = transformer.wovenId("limits.Sizes", "m" + i + "(III)I");
            latest.add("m" + i + ": "
                    + (id == null ? "not traced" : recorder.method(id).detail().name()));
        }
        notes = notes(recorder);
        return latest;
    }

    @Test
    void eachMethodGetsTheMostDetailThatKeepsItCompilableAndWithinTheCodeLimit() {
        assertEquals(
                List.of(
                        "m0: STACK_AND_LOCALS", //    110 bytes: room for everything
                        "m1: STACK", //    440 bytes: the stack without the locals keeps it under 8,000
                        "m2: INSTRUCTIONS", //    990 bytes: only instruction events keep it under 8,000
                        "m3: STACK_AND_LOCALS", //  2,200 bytes: nothing keeps it compilable; traced fully, interpreted
                        "m4: STACK", //  4,400 bytes: interpreted too, and locals would pass 64 KiB
                        "m5: INSTRUCTIONS", //  8,800 bytes: never compiled anyway; the stack would pass 64 KiB
                        "m6: not traced"), // 30,800 bytes: the traced copy alone passes 64 KiB
                details(10, 40, 90, 200, 400, 800, 2800));
        String jit = "the 8,000 bytes above which HotSpot never compiles a method";
        String code = "the 64 KiB limit on a method's code";
        assertEquals(
                List.of(
                        "not tracing limits.Sizes#m6(III)I: even with instructions only it would outgrow " + code,
                        "tracing limits.Sizes#m1(III)I with the operand stack but not the locals: with the locals too"
                                + " it would outgrow " + jit,
                        "tracing limits.Sizes#m2(III)I with instructions only, not the operand stack or the locals:"
                                + " with the operand stack it would outgrow " + jit,
                        "tracing limits.Sizes#m3(III)I fully; it runs interpreted from now on: even with instructions"
                                + " only, tracing takes it past " + jit,
                        "tracing limits.Sizes#m4(III)I with the operand stack but not the locals; it runs interpreted"
                                + " from now on: even with instructions only, tracing takes it past " + jit
                                + ", and with the locals too it would outgrow " + code,
                        "tracing limits.Sizes#m5(III)I with instructions only, not the operand stack or the locals:"
                                + " with the operand stack it would outgrow " + code),
                notes,
                "one note a method, said once the class is woven, and not again when it is woven again");
    }

    @Test
    void aMethodTheAnalysisRejectsIsLeftAloneAndTheRestOfItsClassIsTraced() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "limits/Broken", null, "java/lang/Object", null);
        method(writer, "good", 2);
        MethodVisitor broken = writer.visitMethod(Opcodes.ACC_STATIC, "broken", "()I", null, null);
        broken.visitCode();
        broken.visitInsn(Opcodes.IADD); // adds two ints that are not there
        broken.visitInsn(Opcodes.IRETURN);
        broken.visitMaxs(2, 0);
        broken.visitEnd();
        writer.visitEnd();
        TraceRecorder recorder = new TraceRecorder(1000, 0);
        TracingTransformer transformer = new TracingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse("limits.Broken")), List.of()),
                recorder,
                module -> {},
                false);

        byte[] woven = transformer.transform(null, null, "limits/Broken", null, null, writer.toByteArray());

        assertNotNull(woven);
        assertNotNull(transformer.wovenId("limits.Broken", "good(III)I"));
        assertNull(transformer.wovenId("limits.Broken", "broken()I"));
        assertEquals(
                List.of("not tracing limits.Broken#broken()I: its code could not be analysed or woven:"
                        + " org.objectweb.asm.tree.analysis.AnalyzerException: Error at instruction 0: Cannot pop operand off"
                        + " an empty stack."),
                notes(recorder));
    }
}
