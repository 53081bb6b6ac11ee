; Inno Setup script for Noticeboard: a per-user install (no administrator rights) of the
; PyInstaller folder, with a Start-menu entry, the bundle file association and an
; uninstaller. Build it as packaging/README.md says:
;   python packaging\build.py files     (writes version.iss and noticeboard.ico here)
;   python packaging\build.py frozen    (build\dist\noticeboard\)
;   iscc packaging\windows\noticeboard.iss
; The version comes from pyproject.toml through version.iss; do not write it here.

#include "version.iss"

#define AppName "Noticeboard"
#define AppId "org.noticeboard.Noticeboard"
#define BundleProgId "Noticeboard.Bundle"
#define SourceDir "..\..\build\dist\noticeboard"

[Setup]
; The AppId's braces are doubled: Inno Setup reads a single { as a constant.
AppId={{7C0B9F5E-4E0B-4E55-9B5F-2D9A8C3E6A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Noticeboard developers
VersionInfoVersion={#AppVersionNumeric}
; Per user: installs under %LOCALAPPDATA%\Programs, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir=..\..\build\dist
OutputBaseFilename=noticeboard-{#AppVersion}-setup
SetupIconFile=noticeboard.ico
UninstallDisplayIcon={app}\noticeboard.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
LicenseFile=..\..\LICENSE

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\noticeboard.exe"; AppUserModelID: "{#AppId}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Registry]
; Bundles are zips, and Windows picks a program by the last extension alone, so a bundle
; cannot be told from another zip here: Noticeboard registers a bundle type and offers
; itself under "Open with" for .zip files, opening them in the review window, without
; taking over .zip. All under HKA (the current user for a per-user install), removed again
; by the uninstaller.
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}"; ValueType: string; ValueName: ""; ValueData: "Noticeboard bundle"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\noticeboard.exe,0"
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\noticeboard.exe"" review ""%1"""
Root: HKA; Subkey: "Software\Classes\.zip\OpenWithProgids"; ValueType: string; ValueName: "{#BundleProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\noticeboard.exe\SupportedTypes"; ValueType: string; ValueName: ".zip"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\noticeboard.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\noticeboard.exe"" review ""%1"""

[Run]
Filename: "{app}\noticeboard-cli.exe"; Parameters: "--self-test"; Description: "Check the installation (self-test)"; Flags: postinstall skipifsilent unchecked runhidden waituntilterminated
Filename: "{app}\noticeboard.exe"; Description: "Start {#AppName}"; Flags: postinstall skipifsilent nowait
