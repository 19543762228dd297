; Windows installer of Mediation Desk (NSIS 3, Unicode): per user, no administrator rights.
;
;   makensis /DBUNDLE=build\bundle\dist\MediationDesk /DVERSION=0.1.0 ^
;            /DOUTFILE=build\bundle\dist\MediationDesk-0.1.0-setup.exe packaging\windows\mediation-desk.nsi
;
; (build-bundle.ps1 runs this after PyInstaller.) Installs the one-folder bundle into
; %LOCALAPPDATA%\Programs\MediationDesk, a Start-menu entry and a desktop shortcut, and an
; uninstaller listed in 设置 › 应用 (HKCU). The data stay in %LOCALAPPDATA%\MediationDesk (the
; app's own default, platformdirs): installing a newer version over it replaces the program
; files only and keeps the data and settings (the app upgrades the database on its first start,
; after a backup); uninstalling keeps them too.
;
; /DSYNTAX_CHECK: no compression (packaging/smoke-test.sh compiles it on Linux against the
; Linux bundle as a check of the script and of the bundle's file list).

Unicode true
!ifndef BUNDLE
  !error "give the bundle folder: makensis /DBUNDLE=...\dist\MediationDesk"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "MediationDesk-${VERSION}-setup.exe"
!endif
!define APP_NAME "矛盾纠纷多元化解中心 · 一窗受理"
!define LINK_NAME "矛盾纠纷多元化解中心一窗受理"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MediationDesk"
; Compile-time paths with "/" (makensis takes them on Windows and Linux alike), relative to
; this folder (makensis works from it): give BUNDLE as an absolute path.
!define ICON "../../resources/icons/mediation-desk.ico"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\MediationDesk"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user
!ifdef SYNTAX_CHECK
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Mediation Desk"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\MediationDesk.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "Install"
  SetOutPath "$INSTDIR"
  ; An upgrade: the previous version's program files go, so none of them lingers.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}/*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${LINK_NAME}.lnk" "$INSTDIR\MediationDesk.exe"
  CreateShortcut "$DESKTOP\${LINK_NAME}.lnk" "$INSTDIR\MediationDesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\MediationDesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${LINK_NAME}.lnk"
  Delete "$DESKTOP\${LINK_NAME}.lnk"
  ; The program's files only; the data folder %LOCALAPPDATA%\MediationDesk stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\MediationDesk.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
