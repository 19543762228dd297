#!/bin/sh
# 安装“矛盾纠纷多元化解中心 · 一窗受理”（Mediation Desk）。不需要网络，也不需要 Python。
#
#   sh install.sh             为当前用户安装：~/.local/opt/MediationDesk，菜单项和 ~/.local/bin/mediation-desk
#   sh install.sh --system    为本机所有用户安装（需 root）：/opt/MediationDesk，/usr/local/bin/mediation-desk
#
# 已安装旧版本时直接覆盖升级：数据文件夹（~/.local/share/MediationDesk）和设置不在程序文件夹里，
# 不受影响；新版本第一次启动时先备份再升级数据库。卸载：运行程序文件夹里的 uninstall.sh。
set -eu

here=$(cd "$(dirname "$0")" && pwd)
mode=user
for arg in "$@"; do
    case $arg in
        --system) mode=system ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh：无法识别的参数“$arg”（可用：--system）" >&2; exit 2 ;;
    esac
done

if [ "$mode" = system ]; then
    [ "$(id -u)" = 0 ] || { echo "install.sh：--system 需要 root 权限（sudo sh install.sh --system）" >&2; exit 1; }
    app=/opt/MediationDesk
    bin=/usr/local/bin
    menu=/usr/share/applications
else
    [ -n "${HOME:-}" ] || { echo "install.sh：未设置 HOME" >&2; exit 1; }
    app=$HOME/.local/opt/MediationDesk
    bin=$HOME/.local/bin
    menu=${XDG_DATA_HOME:-$HOME/.local/share}/applications
fi

[ -x "$here/MediationDesk/MediationDesk" ] || { echo "install.sh：安装包不完整（缺少 MediationDesk/MediationDesk）" >&2; exit 1; }

# The new version beside the old, then swapped: an interrupted copy leaves the old one working.
mkdir -p "$(dirname "$app")" "$bin" "$menu"
rm -rf "$app.new"
cp -R "$here/MediationDesk" "$app.new"
sed -e "s|@APP@|$app|g" -e "s|@BIN@|$bin|g" -e "s|@MENU@|$menu|g" \
    "$here/uninstall.sh" >"$app.new/uninstall.sh"
chmod 755 "$app.new/uninstall.sh"
rm -rf "$app.old"
if [ -d "$app" ]; then mv "$app" "$app.old"; fi
mv "$app.new" "$app"
rm -rf "$app.old"

ln -sf "$app/MediationDesk" "$bin/mediation-desk"
icon="$app/_internal/resources/icons/mediation-desk.png"
sed -e "s|@EXEC@|$app/MediationDesk|g" -e "s|@ICON@|$icon|g" \
    "$here/mediation-desk.desktop" >"$menu/mediation-desk.desktop"
chmod 644 "$menu/mediation-desk.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$menu" >/dev/null 2>&1 || true
fi

echo "已安装到 $app"
echo "启动：应用程序菜单中的“矛盾纠纷多元化解中心 · 一窗受理”，或命令 $bin/mediation-desk"
echo "卸载：sh $app/uninstall.sh（数据文件夹保留）"
