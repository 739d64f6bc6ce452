/*
 * Written for the native check (native-check/README.md), not taken from GraalVM.
 *
 * The image builder compiles a small C program against this header to learn
 * the layout of the struct behind the @CStruct("svm_locale_props_t")
 * interface com.oracle.svm.core.c.locale.LocaleCHelper$LocaleProps and the
 * values of the @CConstant methods of com.oracle.svm.core.c.locale.LocaleCHelper
 * (svm jar, 25.0.x). The fields are the @CField names, each a C string.
 * The constant values are only used by the native executable at run time,
 * which the check does not produce. DriverArgs.java verifies on every run
 * that the interfaces still have exactly these fields and constants.
 */
#ifndef NATIVE_CHECK_SVM_LOCALE_H
#define NATIVE_CHECK_SVM_LOCALE_H

#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 0
#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 1

typedef struct {
    char *display_language;
    char *display_script;
    char *display_country;
    char *display_variant;
    char *format_language;
    char *format_script;
    char *format_country;
    char *format_variant;
} svm_locale_props_t;

int svm_initialize_locale(void);
svm_locale_props_t *svm_get_locale(void);

#endif
