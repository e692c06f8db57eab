package dev.sonde.core.weave;

/**
 * What the start of a class file says: its access flags, its name, its superclass and its interfaces,
 * read without decoding anything else. Deciding whether a class is selected by its supertypes needs no
 * more, and with a {@code Type+} selector every class loaded is asked: this costs a walk over the
 * constant pool, where a full {@code ClassReader} would also index every string and bootstrap method.
 */
public final class ClassHeader {

    private static final String[] NONE = new String[0];

    private final int access;
    private final String name;
    private final String superName;
    private final String[] interfaces;

    private ClassHeader(int access, String name, String superName, String[] interfaces) {
        this.access = access;
        this.name = name;
        this.superName = superName;
        this.interfaces = interfaces;
    }

    /** Reads the header; throws {@link IllegalArgumentException} for bytes that are not a class file. */
    public static ClassHeader read(byte[] bytes) {
        if (bytes.length < 10 || readInt(bytes, 0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        int count = readShort(bytes, 8);
        int[] offsets = new int[count];
        int at = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = at + 1;
            int tag = bytes[at] & 0xFF;
            switch (tag) {
                case 1: // Utf8
                    at += 3 + readShort(bytes, at + 1);
                    break;
                case 3: // Integer
                case 4: // Float
                case 9: // Fieldref
                case 10: // Methodref
                case 11: // InterfaceMethodref
                case 12: // NameAndType
                case 17: // Dynamic
                case 18: // InvokeDynamic
                    at += 5;
                    break;
                case 5: // Long
                case 6: // Double
                    at += 9;
                    i++; // takes two entries
                    break;
                case 15: // MethodHandle
                    at += 4;
                    break;
                case 7: // Class
                case 8: // String
                case 16: // MethodType
                case 19: // Module
                case 20: // Package
                    at += 3;
                    break;
                default:
                    throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
        int access = readShort(bytes, at);
        String name = className(bytes, offsets, readShort(bytes, at + 2));
        int superIndex = readShort(bytes, at + 4);
        String superName = superIndex == 0 ? null : className(bytes, offsets, superIndex);
        int interfaceCount = readShort(bytes, at + 6);
        String[] interfaces = interfaceCount == 0 ? NONE : new String[interfaceCount];
        for (int i = 0; i < interfaceCount; i++) {
            interfaces[i] = className(bytes, offsets, readShort(bytes, at + 8 + 2 * i));
        }
        return new ClassHeader(access, name, superName, interfaces);
    }

    public int access() {
        return access;
    }

    /** Internal name, e.g. {@code com/shop/Cart}. */
    public String name() {
        return name;
    }

    /** Internal name of the superclass; null for {@code java/lang/Object} and module descriptors. */
    public String superName() {
        return superName;
    }

    /** Internal names of the interfaces it implements directly. */
    public String[] interfaces() {
        return interfaces;
    }

    private static String className(byte[] bytes, int[] offsets, int classIndex) {
        int utf8Index = readShort(bytes, offsets[classIndex]);
        return utf8(bytes, offsets[utf8Index]);
    }

    /** Decodes a constant's modified UTF-8 (class names are nearly always ASCII). */
    private static String utf8(byte[] bytes, int at) {
        int length = readShort(bytes, at);
        int start = at + 2;
        char[] chars = new char[length];
        int count = 0;
        int i = start;
        while (i < start + length) {
            int c = bytes[i++] & 0xFF;
            if (c < 0x80) {
                chars[count++] = (char) c;
            } else if ((c & 0xE0) == 0xC0) {
                chars[count++] = (char) (((c & 0x1F) << 6) | (bytes[i++] & 0x3F));
            } else {
                chars[count++] = (char) (((c & 0x0F) << 12) | ((bytes[i++] & 0x3F) << 6) | (bytes[i++] & 0x3F));
            }
        }
        return new String(chars, 0, count);
    }

    private static int readShort(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    private static int readInt(byte[] bytes, int at) {
        return (readShort(bytes, at) << 16) | readShort(bytes, at + 2);
    }
}
