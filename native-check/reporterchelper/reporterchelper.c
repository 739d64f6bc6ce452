/*
 * Written for the native check (native-check/README.md), not taken from GraalVM.
 *
 * The image builder's progress reporter (com.oracle.svm.hosted.ProgressReporterCHelper
 * in the svm jar) loads ${java.home}/lib/svm/builder/lib/libreporterchelper.so
 * in its static initializer and calls two JNI methods:
 *
 *   private static native long getPeakRSS0();              peak resident set size in bytes
 *   private static native int  getTerminalWindowColumns0(); width of the terminal, or 0
 *
 * The GraalVM distribution ships this library; the Maven Central jars do not.
 * run.sh builds it with gcc against the running JDK's jni.h.
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

JNIEXPORT jlong JNICALL
Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass cls)
{
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        return -1;
    }
    /* Linux reports ru_maxrss in kilobytes. */
    return (jlong) usage.ru_maxrss * 1024;
}

JNIEXPORT jint JNICALL
Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass cls)
{
    struct winsize size;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
        return (jint) size.ws_col;
    }
    /* Not a terminal (CI, a pipe): the caller clamps this to its default width. */
    return 0;
}
