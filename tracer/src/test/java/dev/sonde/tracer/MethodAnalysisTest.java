package dev.sonde.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

class MethodAnalysisTest {

    private static ClassReader reader(String className) throws IOException {
        try (InputStream in =
                MethodAnalysisTest.class.getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            return new ClassReader(in);
        }
    }

    private static ClassNode node(ClassReader reader) {
        ClassNode node = new ClassNode();
        reader.accept(node, ClassReader.EXPAND_FRAMES);
        return node;
    }

    private static List<Instruction> analyze(String className, String method, String descriptor)
            throws IOException, AnalyzerException {
        ClassReader reader = reader(className);
        for (MethodNode candidate : node(reader).methods) {
            if (candidate.name.equals(method) && candidate.desc.equals(descriptor)) {
                return MethodAnalysis.analyze(reader, reader.getClassName(), candidate);
            }
        }
        throw new IllegalArgumentException(method + descriptor);
    }

    private static String describe(Instruction instruction) {
        return instruction.offset() + ": " + instruction.mnemonic()
                + (instruction.operands().isEmpty() ? "" : " " + instruction.operands())
                + " stack=" + instruction.stack()
                + " locals="
                + instruction.locals().stream()
                        .map(l -> l.slot() + ":" + l.name() + ":" + l.kind())
                        .collect(Collectors.toList());
    }

    @Test
    void offsetsAndMnemonicsAreExactlyWhatJavapShowsForEveryMethod() throws Exception {
        for (String className : List.of("tracing.targets.Samples", "tracing.targets.Samples$Derived")) {
            ClassReader reader = reader(className);
            List<String> ours = new ArrayList<>();
            for (MethodNode method : node(reader).methods) {
                if (method.instructions.size() > 0) {
                    for (Instruction instruction : MethodAnalysis.analyze(reader, reader.getClassName(), method)) {
                        ours.add(instruction.offset() + ": " + instruction.mnemonic());
                    }
                }
            }
            assertEquals(javap(className), ours, className);
        }
    }

    private static List<String> javap(String className) throws URISyntaxException {
        Path classes = Path.of(MethodAnalysisTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        StringWriter out = new StringWriter();
        ToolProvider.findFirst("javap")
                .orElseThrow()
                .run(
                        new PrintWriter(out),
                        new PrintWriter(new StringWriter()),
                        "-c",
                        "-p",
                        "-cp",
                        classes.toString(),
                        className);
        List<String> lines = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^\\s+(\\d+): ([a-z]\\w*)").matcher(out.toString());
        while (matcher.find()) {
            lines.add(matcher.group(1) + ": " + matcher.group(2));
        }
        return lines;
    }

    @Test
    void beforeSuperTheReceiverIsUninitialisedAndAfterItIsNot() throws Exception {
        List<Instruction> constructor = analyze("tracing.targets.Samples$Derived", "<init>", "(I)V");

        assertEquals(
                List.of(
                        "0: aload_0 this stack=[] locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "1: iload_1 x stack=[UNINITIALIZED] locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "2: ifle 9 stack=[UNINITIALIZED, INT] locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "5: iload_1 x stack=[UNINITIALIZED] locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "6: goto 11 stack=[UNINITIALIZED, INT] locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "9: iload_1 x stack=[UNINITIALIZED] locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "10: ineg stack=[UNINITIALIZED, INT] locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "11: invokespecial tracing/targets/Samples$Base.<init>:(I)V stack=[UNINITIALIZED, INT]"
                                + " locals=[0:this:UNINITIALIZED, 1:x:INT]",
                        "14: return stack=[] locals=[0:this:REFERENCE, 1:x:INT]"),
                constructor.stream().map(MethodAnalysisTest::describe).collect(Collectors.toList()));
    }

    @Test
    void newLeavesAnUninitialisedReferenceUnderTheArgumentsOfItsConstructor() throws Exception {
        List<Instruction> nested = analyze("tracing.targets.Samples", "nested", "()Ljava/lang/Object;");

        assertEquals(
                List.of(
                        "0: new tracing/targets/Samples$Derived stack=[] locals=[]",
                        "3: dup stack=[UNINITIALIZED] locals=[]",
                        "4: iconst_3 stack=[UNINITIALIZED, UNINITIALIZED] locals=[]",
                        "5: invokestatic tracing/targets/Samples.compute:(I)I stack=[UNINITIALIZED, UNINITIALIZED, INT] locals=[]",
                        "8: invokespecial tracing/targets/Samples$Derived.<init>:(I)V stack=[UNINITIALIZED, UNINITIALIZED, INT]"
                                + " locals=[]",
                        "11: areturn stack=[REFERENCE] locals=[]"),
                nested.stream().map(MethodAnalysisTest::describe).collect(Collectors.toList()));
    }

    @Test
    void aNewThatTheAnalysisRunsTwiceKeepsItsKindAtTheNextInstruction() throws Exception {
        List<Instruction> afterJoin = analyze("tracing.targets.Samples", "afterJoin", "(Z)Ljava/lang/String;");

        assertEquals(
                List.of(
                        "15: new java/lang/StringBuilder stack=[] locals=[0:flag:INT, 1:chosen:REFERENCE]",
                        "18: dup stack=[UNINITIALIZED] locals=[0:flag:INT, 1:chosen:REFERENCE]",
                        "19: aload_1 chosen stack=[UNINITIALIZED, UNINITIALIZED] locals=[0:flag:INT, 1:chosen:REFERENCE]"),
                afterJoin.subList(9, 12).stream()
                        .map(MethodAnalysisTest::describe)
                        .collect(Collectors.toList()),
                "one value per new instruction, as the verifier has it, however often the analysis runs it");
    }

    @Test
    void localsOutOfScopeAtAFrameAreNotRead() throws Exception {
        List<Instruction> scoped = analyze("tracing.targets.Samples", "scoped", "(Z)I");
        Instruction returnLoad = scoped.get(scoped.size() - 2);

        assertEquals(
                "15: iload_1 result stack=[] locals=[0:flag:INT, 1:result:INT]",
                describe(returnLoad),
                "the flow analysis still sees an int in slot 2; the frame does not");
    }

    @Test
    void operandsAreReadable() throws Exception {
        List<String> constants = analyze("tracing.targets.Samples", "constants", "()J").stream()
                .filter(i -> !i.operands().isEmpty())
                .map(i -> i.mnemonic() + " " + i.operands())
                .collect(Collectors.toList());

        assertEquals(
                List.of(
                        "ldc2_w 123456789012L",
                        "lstore_0 big",
                        "ldc 1.5f",
                        "fstore_2 f",
                        "ldc \"line\\nbreak\"",
                        "astore_3 text",
                        "newarray int",
                        "astore array",
                        "multianewarray [[I, 2",
                        "astore grid",
                        "invokedynamic run:()Ljava/lang/Runnable; -> tracing/targets/Samples.lambda$constants$0:()V",
                        "astore lambda",
                        "aload lambda",
                        "invokeinterface java/lang/Runnable.run:()V",
                        "lload_0 big",
                        "fload_2 f",
                        "aload_3 text",
                        "invokevirtual java/lang/String.length:()I",
                        "aload array",
                        "aload grid"),
                constants);
    }

    @Test
    void switchesShowEveryTarget() throws Exception {
        Instruction table = analyze("tracing.targets.Samples", "switches", "(ILjava/lang/String;)Ljava/lang/String;")
                .get(1);

        assertEquals(
                "1: tableswitch { 1: 28, 2: 31, 3: 34, default: 37 } stack=[INT] locals=[0:i:INT, 1:s:REFERENCE]",
                describe(table));
    }
}
