package dev.sonde.core.weave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/** The header read without a full parse says what ASM's full parse says, for every class of a JDK module. */
class ClassHeaderTest {

    @Test
    void agreesWithAsmOnEveryClassOfJavaBase() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        int compared = 0;
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                byte[] bytes = Files.readAllBytes(file);
                ClassReader full = new ClassReader(bytes);

                ClassHeader header = ClassHeader.read(bytes);

                assertEquals(full.getAccess(), header.access(), file.toString());
                assertEquals(full.getClassName(), header.name(), file.toString());
                assertEquals(full.getSuperName(), header.superName(), file.toString());
                assertArrayEquals(full.getInterfaces(), header.interfaces(), file.toString());
                compared++;
            }
        }
        assertTrue(compared > 5000, "every class of java.base, module-info included: " + compared);
    }

    @Test
    void bytesThatAreNoClassFileAreRefusedByName() {
        for (byte[] bytes : List.of(new byte[0], new byte[] {1, 2, 3}, new byte[12])) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> ClassHeader.read(bytes));
            assertEquals("not a class file", refused.getMessage());
        }
    }
}
