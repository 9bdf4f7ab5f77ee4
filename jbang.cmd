@echo off
rem JBang for Windows machines that have only Java and Maven:   jbang.cmd connector.java
rem 1. A jbang on PATH wins (set LIVEFEED_BUNDLED_JBANG=1 to skip it).
rem 2. Otherwise a pinned dev.jbang:jbang-cli is fetched once, with its dependencies, from Maven Central through
rem    Maven into a user cache, and run with JBang's launcher protocol (exit 255: run the printed command).
rem Unlike ./jbang, this does not remember the command JBang resolved: every run starts JBang's JVM first (about
rem 1 s). Correct, only slower; README, "Startup".
setlocal ENABLEEXTENSIONS ENABLEDELAYEDEXPANSION

rem launcher\pom.xml names the JBang CLI and its dependencies' versions; its project version is the CLI's.
set "LAUNCHER_POM=%~dp0launcher\pom.xml"
for /f "tokens=2 delims=<>" %%V in ('findstr /b /c:"  <version>" "%LAUNCHER_POM%"') do set JBANG_CLI_VERSION=%%V

if "%LIVEFEED_BUNDLED_JBANG%"=="" (
  for /f "delims=" %%J in ('where jbang.cmd 2^>nul') do (
    if /i not "%%~fJ"=="%~f0" (
      call "%%~fJ" %*
      exit /b !ERRORLEVEL!
    )
  )
)

if not "%JAVA_HOME%"=="" if exist "%JAVA_HOME%\bin\java.exe" (
  set "JAVA_EXEC=%JAVA_HOME%\bin\java.exe"
  goto :java_found
)
where java >nul 2>&1 || (
  echo jbang: Java is missing: install a JDK 17 or newer, e.g. winget install EclipseAdoptium.Temurin.17.JDK 1>&2
  exit /b 2
)
set JAVA_EXEC=java
:java_found

if "%LIVEFEED_JBANG_CACHE%"=="" (set "CACHE_ROOT=%LOCALAPPDATA%\livefeed-ops") else (set "CACHE_ROOT=%LIVEFEED_JBANG_CACHE%")
set "CLI_DIR=%CACHE_ROOT%\jbang-cli-%JBANG_CLI_VERSION%"
set "LOCK=%CACHE_ROOT%\.jbang-cli-%JBANG_CLI_VERSION%.lock"

if exist "%CLI_DIR%\lib\.complete" goto :ready
where mvn >nul 2>&1 || (
  echo jbang: JBang is not installed and Maven, needed once to fetch it, is missing. Install Maven ^(winget install Apache.Maven^) or JBang itself. 1>&2
  exit /b 2
)
if not exist "%CACHE_ROOT%" mkdir "%CACHE_ROOT%"
rem One fetch at a time (mkdir is atomic): a second run waits for the first, then uses its result.
set /a WAITED=0
:wait_for_lock
mkdir "%LOCK%" 2>nul && goto :locked
if exist "%CLI_DIR%\lib\.complete" goto :ready
if %WAITED% GEQ 600 (
  echo jbang: gave up waiting for another run fetching JBang; remove %LOCK% if none is running 1>&2
  exit /b 1
)
if %WAITED% EQU 0 echo jbang: another run is fetching JBang; waiting for it 1>&2
set /a WAITED+=1
ping -n 2 127.0.0.1 >nul
goto :wait_for_lock
:locked
set FETCH_STATUS=0
if not exist "%CLI_DIR%\lib\.complete" call :fetch
if not exist "%CLI_DIR%\lib\.complete" set FETCH_STATUS=1
rmdir /s /q "%LOCK%" 2>nul
if not "%FETCH_STATUS%"=="0" exit /b %FETCH_STATUS%
:ready

if "%JBANG_NO_VERSION_CHECK%"=="" set JBANG_NO_VERSION_CHECK=true
rem C1 alone starts JBang's own JVM faster; not through JBANG_JAVA_OPTIONS, which JBang also gives to the program.
if not defined LIVEFEED_JBANG_JVM_OPTIONS set LIVEFEED_JBANG_JVM_OPTIONS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC
set JBANG_RUNTIME_SHELL=cmd
set JBANG_LAUNCH_CMD=%~f0
2>nul >nul timeout /t 0 && (set JBANG_STDIN_NOTTY=false) || (set JBANG_STDIN_NOTTY=true)

set TMPFILE=%CACHE_ROOT%\%RANDOM%%RANDOM%.jbang.tmp
"%JAVA_EXEC%" %LIVEFEED_JBANG_JVM_OPTIONS% %JBANG_JAVA_OPTIONS% -classpath "%CLI_DIR%\lib\*" dev.jbang.Main %* > "%TMPFILE%"
set STATUS=%ERRORLEVEL%
if %STATUS% EQU 255 (
  for /f "usebackq delims=" %%B in ("%TMPFILE%") do (
    set "OUTPUT=%%B"
    goto :run
  )
)
type "%TMPFILE%"
del /f /q "%TMPFILE%"
exit /b %STATUS%

:run
del /f /q "%TMPFILE%"
%OUTPUT%
exit /b %ERRORLEVEL%

:fetch
set STAGING=%CACHE_ROOT%\.staging-%RANDOM%%RANDOM%
mkdir "%STAGING%"
echo jbang: first run: downloading JBang %JBANG_CLI_VERSION% (dev.jbang:jbang-cli and its libraries, about 11 MB) from Maven Central through Maven into %CLI_DIR% 1>&2
call mvn -B -q -f "%LAUNCHER_POM%" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=%STAGING%\lib" > "%STAGING%\mvn.log" 2>&1
if errorlevel 1 (
  echo jbang: could not fetch JBang through Maven; see %STAGING%\mvn.log 1>&2
  exit /b 1
)
del /f /q "%STAGING%\mvn.log"
type nul > "%STAGING%\lib\.complete"
if exist "%CLI_DIR%" rmdir /s /q "%CLI_DIR%"
move "%STAGING%" "%CLI_DIR%" >nul
exit /b 0
