package acc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Regular expressions, whose classes the JDK loads only when a program first uses them. */
public final class Patterns {

    public static void main(String[] args) {
        Matcher words = Pattern.compile("[a-z]+").matcher("one two three");
        int count = 0;
        while (words.find()) {
            count++;
        }
        System.out.println("words=" + count + " parts=" + "a;b,c".split("[;,]").length);
    }
}
